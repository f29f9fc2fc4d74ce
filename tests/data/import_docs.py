"""The commune plan of tests/data/import/xa-tanphu-2026.pdf without its header (the .docx test adds a header table)."""

TANPHU_BODY = """KẾ HOẠCH
Tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2026
Thực hiện Công văn số 1520/SGDĐT-GDTX ngày 12/9/2026 của Sở Giáo dục và Đào tạo tỉnh Bình Phước về việc tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2026, Ủy ban nhân dân xã Tân Phú xây dựng kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Lan tỏa tinh thần học tập suốt đời đến từng thôn, ấp; khuyến khích người dân học kỹ năng số để phát triển kinh tế hộ gia đình.
2. Yêu cầu
Tổ chức thiết thực, an toàn, tiết kiệm, phù hợp với điều kiện thực tế của địa phương.
II. NỘI DUNG
1. Chủ đề: “Học tập suốt đời vì một cộng đồng số nhân văn”.
2. Thời gian tổ chức: từ ngày 01/10/2026 đến ngày 07/10/2026.
3. Lễ khai mạc Tuần lễ được tổ chức lúc 14 giờ 00 ngày 01/10/2026 tại Hội trường Trung tâm học tập cộng đồng xã.
4. Các hoạt động
- Mở lớp bồi dưỡng kỹ năng sử dụng điện thoại thông minh cho hội viên Hội Người cao tuổi.
- Tổ chức ngày hội đọc sách tại các điểm trường và nhà văn hóa ấp.
- Tuyên truyền trên loa truyền thanh xã về chủ đề của Tuần lễ.
III. TỔ CHỨC THỰC HIỆN
1. Trung tâm học tập cộng đồng xã
- Chủ trì tổ chức Lễ khai mạc và các lớp bồi dưỡng trong Tuần lễ.
- Tổng hợp kết quả, báo cáo UBND xã trước ngày 12/10/2026.
2. Các trường Mầm non, Tiểu học, THCS trên địa bàn xã
- Tổ chức ngày hội đọc sách; gửi báo cáo kết quả về Trung tâm học tập cộng đồng xã trước ngày 09/10/2026.
Trên đây là Kế hoạch tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2026 của Ủy ban nhân dân xã Tân Phú./.
Nơi nhận:
- Sở GD&ĐT (b/c);
- Các trường trên địa bàn;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Thị Lan"""
