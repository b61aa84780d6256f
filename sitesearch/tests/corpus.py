"""A labelled corpus for search quality: short Vietnamese stories written for these tests.

Several stories collide once diacritics are folded (lúa/lửa/lừa, hội/hồi/hỏi/hơi, sữa/sửa,
mưa/mua, hoa/hòa/họa...), some use the old tone placement (Thuý, hoà, khoẻ, thuỷ, uỷ), and a few
sit close to each other in other ways (a phrase spelled apart, a title match against a newer
body-only match). `QUERIES` pairs a reader's query with the story that must come first.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

# (slug, name, parent slug)
SECTIONS = [
    ("thoi-su", "Thời sự", None),
    ("kinh-te", "Kinh tế", None),
    ("nong-nghiep", "Nông nghiệp", "kinh-te"),
    ("xa-hoi", "Xã hội", None),
    ("y-te", "Y tế", "xa-hoi"),
    ("van-hoa", "Văn hóa", None),
    ("an-ninh", "An ninh trật tự", None),
    ("the-thao", "Thể thao", None),
    ("giao-duc", "Giáo dục", None),
]

# key: (title, sapo, body, byline, tags, section slug, days ago)
ARTICLES: dict[str, tuple[str, str, str, str, list[str], str, int]] = {
    "rice": (
        "Giá lúa tăng mạnh sau vụ thu hoạch",
        "Thương lái thu mua lúa tươi tại ruộng với giá cao hơn vụ trước.",
        "Nông dân huyện Mỹ Xuyên phấn khởi vì giá lúa ST25 đạt mức cao nhất ba năm qua.",
        "Minh Khang", ["nông nghiệp", "lúa gạo"], "nong-nghiep", 1,
    ),
    "fire": (
        "Diễn tập dập lửa tại chợ trung tâm",
        "Lực lượng phòng cháy chữa cháy phối hợp với tiểu thương diễn tập chữa cháy.",
        "Ngọn lửa giả định bùng lên từ một sạp vải; các chiến sĩ khống chế đám cháy trong mười "
        "phút.",
        "Thanh Tùng", ["phòng cháy chữa cháy"], "an-ninh", 5,
    ),
    "scam": (
        "Cảnh báo thủ đoạn lừa đảo qua điện thoại",
        "Công an tỉnh khuyến cáo người dân không chuyển tiền cho người lạ.",
        "Nhiều người bị kẻ gian giả danh nhân viên ngân hàng để lừa đảo chiếm đoạt tài sản.",
        "Thanh Tùng", ["an ninh trật tự"], "an-ninh", 3,
    ),
    "festival": (
        "Lễ hội Oóc Om Bóc thu hút hàng vạn du khách",
        "Đồng bào Khmer tổ chức lễ cúng trăng và đua ghe ngo trên sông Maspéro.",
        "Lễ hội năm nay có nhiều hoạt động văn nghệ đặc sắc, từ múa rom vông đến thả đèn nước.",
        "Sơn Ca", ["Khmer", "lễ hội"], "van-hoa", 20,
    ),
    "forest": (
        "Phục hồi rừng tràm sau mùa khô",
        "Ban quản lý rừng trồng mới hàng chục héc-ta tràm ở Cù Lao Dung.",
        "Công tác phục hồi rừng được thực hiện với sự hỗ trợ của người dân địa phương.",
        "Bảo Ngọc", ["môi trường"], "nong-nghiep", 12,
    ),
    "qa": (
        "Hỏi đáp về bảo hiểm y tế học sinh",
        "Phụ huynh hỏi: con tôi học lớp mười có phải mua thẻ bảo hiểm không?",
        "Cơ quan bảo hiểm xã hội giải đáp các thắc mắc thường gặp về BHYT học sinh.",
        "Kim Ngân", ["BHYT"], "xa-hoi", 9,
    ),
    "car": (
        "Xe hơi lật trên quốc lộ 1A, hai người bị thương",
        "Chiếc xe hơi mất lái khi vượt xe tải vào rạng sáng.",
        "Lực lượng cảnh sát giao thông đã có mặt kịp thời để phân luồng.",
        "Thanh Tùng", ["giao thông"], "an-ninh", 7,
    ),
    "singer": (
        "Ca sĩ Thuý Liễu về quê biểu diễn từ thiện",
        "Đêm nhạc gây quỹ xây nhà tình thương cho hộ nghèo ở Ngã Năm.",
        "Nữ ca sĩ Thuý Liễu cho biết cô luôn dành thời gian cho khán giả quê nhà.",
        "Sơn Ca", ["văn nghệ"], "van-hoa", 15,
    ),
    "mediation": (
        "Tổ hoà giải ở cơ sở làm tốt vai trò kết nối",
        "Nhiều vụ mâu thuẫn trong xóm được hoà giải thành.",
        "Các tổ viên kiên trì gặp gỡ, thuyết phục để giữ tình làng nghĩa xóm.",
        "Kim Ngân", ["pháp luật"], "xa-hoi", 25,
    ),
    "health": (
        "Chăm sóc sức khoẻ người cao tuổi tại nhà",
        "Trạm y tế phường khám miễn phí cho người già neo đơn.",
        "Mỗi tháng, đội ngũ y bác sĩ đến tận nhà đo huyết áp và tư vấn dinh dưỡng.",
        "Kim Ngân", ["người cao tuổi"], "y-te", 6,
    ),
    "irrigation": (
        "Hoàn thành công trình thuỷ lợi chống hạn mặn",
        "Cống ngăn mặn mới giúp bảo vệ mười nghìn héc-ta lúa.",
        "Hệ thống thuỷ lợi giúp nông dân chủ động nguồn nước ngọt trong mùa khô.",
        "Minh Khang", ["hạn mặn"], "nong-nghiep", 30,
    ),
    "hdnd": (
        "Kỳ họp thứ mười HĐND tỉnh thông qua 25 nghị quyết",
        "Các đại biểu HĐND tỉnh thảo luận sôi nổi về kế hoạch đầu tư công.",
        "Kỳ họp diễn ra trong hai ngày với nhiều nội dung quan trọng về ngân sách.",
        "Quốc Việt", ["kỳ họp"], "thoi-su", 8,
    ),
    "ubnd": (
        "UBND tỉnh chỉ đạo khẩn trương giải ngân vốn đầu tư",
        "Chủ tịch UBND tỉnh yêu cầu các sở ngành đẩy nhanh tiến độ.",
        "Tỷ lệ giải ngân hiện đạt hơn sáu mươi phần trăm kế hoạch năm.",
        "Quốc Việt", ["đầu tư công"], "thoi-su", 4,
    ),
    "ntm": (
        "Huyện Kế Sách về đích nông thôn mới",
        "Sau mười năm nỗ lực, huyện Kế Sách đạt chuẩn nông thôn mới.",
        "Đường giao thông được bê tông hóa, đời sống người dân nâng lên rõ rệt.",
        "Quốc Việt", [], "thoi-su", 40,
    ),
    "market": (
        "Chợ nông sản mới mở ở vùng nông thôn Long Phú",
        "Người dân mua bán thuận tiện hơn, không phải đi xa.",
        "Chợ có ba mươi sạp hàng, phục vụ bà con các xã lân cận.",
        "Minh Khang", ["chợ"], "kinh-te", 2,
    ),
    "redcross": (
        "Hội Chữ thập đỏ trao quà cho người nghèo",
        "Hội Chữ thập đỏ tỉnh trao 500 phần quà trước Tết.",
        "Mỗi phần quà gồm gạo, dầu ăn và tiền mặt.",
        "Kim Ngân", ["từ thiện"], "xa-hoi", 14,
    ),
    "hospital": (
        "Bệnh viện đa khoa tỉnh đưa vào sử dụng máy chụp cộng hưởng từ",
        "Thiết bị hiện đại giúp chẩn đoán chính xác nhiều loại bệnh.",
        "Bệnh viện đã đào tạo đội ngũ kỹ thuật viên vận hành máy.",
        "Bảo Ngọc", ["y tế"], "y-te", 11,
    ),
    "data": (
        "Số hóa dữ liệu dân cư phục vụ cải cách hành chính",
        "Người dân làm thủ tục nhanh hơn nhờ dữ liệu được kết nối.",
        "Công an các xã rà soát, làm sạch thông tin trước khi cập nhật.",
        "Quốc Việt", ["chuyển đổi số"], "thoi-su", 13,
    ),
    "storm": (
        "Chủ động ứng phó cơn bão số 5",
        "Tàu thuyền được kêu gọi vào nơi tránh trú an toàn.",
        "Các xã ven biển sẵn sàng phương án di dời dân khi gió mạnh.",
        "Thanh Tùng", ["thiên tai"], "thoi-su", 10,
    ),
    "packaging": (
        "Doanh nghiệp đổi mới bao bì cho đặc sản địa phương",
        "Bao bì đẹp giúp sản phẩm dễ vào siêu thị.",
        "Nhiều cơ sở chọn chất liệu giấy thân thiện với môi trường.",
        "Minh Khang", ["OCOP"], "kinh-te", 16,
    ),
    "rain": (
        "Mưa lớn gây ngập nhiều tuyến phố",
        "Lượng mưa đo được trong đêm qua vượt mức trung bình nhiều năm.",
        "Nước rút chậm khiến việc đi lại của người dân gặp khó khăn.",
        "Bảo Ngọc", ["thời tiết"], "thoi-su", 2,
    ),
    "shopping": (
        "Sức mua sắm Tết tăng tại các siêu thị",
        "Hàng hóa phong phú, giá cả ổn định trong những ngày cận Tết.",
        "Các siêu thị kéo dài giờ mở cửa để phục vụ khách.",
        "Minh Khang", ["thị trường"], "kinh-te", 17,
    ),
    "coffee": (
        "Quán cà phê sách hút giới trẻ",
        "Không gian yên tĩnh, nhiều đầu sách hay cho bạn đọc.",
        "Chủ quán mong muốn lan tỏa văn hóa đọc trong cộng đồng.",
        "Sơn Ca", ["văn hóa đọc"], "van-hoa", 19,
    ),
    "catfish": (
        "Người nuôi cá tra lãi khá nhờ giá xuất khẩu",
        "Giá cá tra nguyên liệu tăng đều từ đầu năm.",
        "Các hộ nuôi tập trung cải thiện chất lượng con giống.",
        "Minh Khang", ["thủy sản"], "nong-nghiep", 21,
    ),
    "river": (
        "Sạt lở bờ sông Hậu đe dọa nhà dân",
        "Chính quyền khẩn cấp di dời các hộ trong vùng nguy hiểm.",
        "Dòng chảy mạnh làm bờ sông sụt lún thêm hàng chục mét.",
        "Bảo Ngọc", ["sạt lở"], "thoi-su", 22,
    ),
    "bilingual": (
        "Mở rộng chương trình dạy song ngữ Việt - Khmer",
        "Học sinh dân tộc Khmer được học chữ mẹ đẻ từ bậc tiểu học.",
        "Giáo viên được bồi dưỡng phương pháp dạy hai ngôn ngữ.",
        "Hải Yến", ["giáo dục"], "giao-duc", 23,
    ),
    "auction": (
        "Đấu giá đất thu về hơn trăm tỷ đồng",
        "Phiên đấu giá quyền sử dụng đất diễn ra công khai, minh bạch.",
        "Số tiền thu được sẽ bổ sung cho ngân sách đầu tư hạ tầng.",
        "Quốc Việt", ["đất đai"], "kinh-te", 24,
    ),
    "kindergarten": (
        "Trường mầm non Hoa Sen đạt chuẩn quốc gia",
        "Cơ sở vật chất được đầu tư khang trang, đồ chơi an toàn.",
        "Nhà trường có đội ngũ cô giáo tận tâm, yêu trẻ.",
        "Hải Yến", ["mầm non"], "giao-duc", 26,
    ),
    "flowers": (
        "Làng hoa xuân tất bật vào vụ Tết",
        "Các nhà vườn chăm sóc cúc mâm xôi, vạn thọ để kịp bán Tết.",
        "Năm nay thời tiết thuận lợi nên hoa nở đúng dịp.",
        "Sơn Ca", ["làng nghề"], "kinh-te", 27,
    ),
    "painter": (
        "Họa sĩ trẻ vẽ tranh về đồng bằng",
        "Triển lãm giới thiệu sáu mươi bức tranh sơn dầu.",
        "Những bức tranh ghi lại cảnh sinh hoạt bình dị của người dân miền sông nước.",
        "Sơn Ca", ["mỹ thuật"], "van-hoa", 28,
    ),
    "byline": (
        "Đội tuyển bóng chuyền nữ giành huy chương đồng",
        "Các vận động viên thi đấu kiên cường ở giải toàn quốc.",
        "Ban huấn luyện đánh giá cao tinh thần của toàn đội.",
        "Bài, ảnh: Lâm Quốc Trạng", ["thể thao"], "the-thao", 29,
    ),
    "ocop": (
        "Ra mắt sản phẩm mật ong hoa tràm",
        "Hợp tác xã giới thiệu dòng sản phẩm mới tại hội chợ.",
        "Sản phẩm được đóng chai và dán tem truy xuất nguồn gốc.",
        "Minh Khang", ["khởi nghiệp"], "kinh-te", 31,
    ),
    "ducks": (
        "Nuôi vịt chạy đồng mùa nước nổi",
        "Người dân tận dụng ruộng sau thu hoạch để chăn thả.",
        "Mỗi đàn hàng nghìn con cho thu nhập ổn định.",
        "Minh Khang", ["chăn nuôi"], "nong-nghiep", 50,
    ),
    "duck_mention": (
        "Chợ quê ngày cuối năm",
        "Phiên chợ đông vui với đủ loại nông sản.",
        "Người bán gà, người bán vịt, người bán rau, tiếng cười nói rộn ràng.",
        "Sơn Ca", ["đời sống"], "xa-hoi", 2,
    ),
    "mttq": (
        "Uỷ ban Mặt trận Tổ quốc tỉnh giám sát việc xây nhà Đại đoàn kết",
        "Đoàn giám sát của MTTQ làm việc tại ba huyện.",
        "Nhiều căn nhà được bàn giao đúng tiến độ cho hộ nghèo.",
        "Quốc Việt", ["MTTQ"], "thoi-su", 32,
    ),
    "quarter": (
        "Kinh tế quý III tăng trưởng khá",
        "Tổng sản phẩm trên địa bàn tăng so với cùng kỳ.",
        "Công nghiệp chế biến và dịch vụ là hai động lực chính.",
        "Minh Khang", ["kinh tế"], "kinh-te", 33,
    ),
    "wastewater": (
        "Hệ thống xử lý nước thải khu công nghiệp đi vào hoạt động",
        "Công suất xử lý đạt năm nghìn mét khối mỗi ngày.",
        "Nước sau xử lý đạt quy chuẩn trước khi thải ra kênh.",
        "Bảo Ngọc", ["môi trường"], "kinh-te", 34,
    ),
    "milk": (
        "Triển khai chương trình sữa học đường",
        "Trẻ mẫu giáo và học sinh tiểu học được uống sữa miễn phí.",
        "Chương trình góp phần cải thiện tầm vóc trẻ em.",
        "Hải Yến", ["dinh dưỡng"], "giao-duc", 35,
    ),
    "bridge": (
        "Sửa chữa cầu Đại Ngãi bảo đảm an toàn giao thông",
        "Đơn vị thi công thay mới khe co giãn và lan can.",
        "Xe qua cầu được điều tiết theo giờ trong thời gian thi công.",
        "Thanh Tùng", ["giao thông"], "thoi-su", 36,
    ),
    "club": (
        "Câu lạc bộ thơ người cao tuổi sinh hoạt định kỳ",
        "Các hội viên gặp nhau mỗi tháng để đọc thơ, bình thơ.",
        "Nhiều bài thơ viết về quê hương được in thành tập.",
        "Sơn Ca", ["văn học"], "van-hoa", 37,
    ),
    "football": (
        "Giải bóng đá thiếu niên khởi tranh",
        "Mười sáu đội bóng tham gia tranh tài trong một tháng.",
        "Giải đấu là dịp phát hiện tài năng bóng đá trẻ.",
        "Hải Yến", ["thể thao"], "the-thao", 38,
    ),
    "power": (
        "Điện lực thông báo tạm ngừng cấp điện để bảo trì",
        "Khách hàng ở một số phường bị ảnh hưởng trong buổi sáng Chủ nhật.",
        "Ngành điện khuyến cáo người dân chủ động sắp xếp công việc.",
        "Thanh Tùng", ["điện"], "thoi-su", 3,
    ),
    "pagoda": (
        "Chùa Dơi đón khách tham quan dịp cuối năm",
        "Ngôi chùa Khmer cổ nổi tiếng với đàn dơi quạ hàng nghìn con.",
        "Du khách được hướng dẫn giữ yên lặng khi vào khuôn viên chùa.",
        "Sơn Ca", ["du lịch"], "van-hoa", 39,
    ),
    "shrimp": (
        "Nông dân nuôi tôm thẻ chân trắng trúng mùa",
        "Năng suất bình quân đạt tám tấn mỗi héc-ta.",
        "Nhiều hộ áp dụng quy trình nuôi hai giai đoạn tiết kiệm chi phí.",
        "Minh Khang", ["thủy sản"], "nong-nghiep", 41,
    ),
    "ngo_boat": (
        "Đội ghe ngo chùa Chén Kiểu tập luyện cho mùa giải",
        "Hơn năm mươi tay bơi khỏe mạnh tập trung mỗi chiều.",
        "Chiếc ghe dài hơn hai mươi mét được sơn sửa lại.",
        "Sơn Ca", ["ghe ngo"], "the-thao", 42,
    ),
    "pia_cake": (
        "Làng nghề bánh pía Vũng Thơm vào mùa",
        "Các lò bánh đỏ lửa suốt ngày đêm để kịp đơn hàng.",
        "Bánh pía nhân sầu riêng trứng muối được khách ưa chuộng.",
        "Minh Khang", ["đặc sản"], "kinh-te", 43,
    ),
    "blood": (
        "Ngày hội hiến máu tình nguyện thu về 800 đơn vị máu",
        "Đoàn viên thanh niên hăng hái tham gia hiến máu.",
        "Lượng máu sẽ được chuyển về bệnh viện phục vụ cấp cứu.",
        "Kim Ngân", ["hiến máu"], "y-te", 44,
    ),
    "dengue": (
        "Số ca sốt xuất huyết tăng trong mùa mưa",
        "Ngành y tế phát động chiến dịch diệt lăng quăng.",
        "Người dân được khuyến cáo ngủ mùng và dọn dẹp vật chứa nước.",
        "Bảo Ngọc", ["dịch bệnh"], "y-te", 45,
    ),
    "exam": (
        "Hơn mười nghìn thí sinh dự thi tốt nghiệp THPT",
        "Kỳ thi diễn ra an toàn, nghiêm túc tại các điểm thi.",
        "Hội đồng thi bố trí lực lượng hỗ trợ thí sinh khuyết tật.",
        "Hải Yến", ["thi cử"], "giao-duc", 46,
    ),
    "library": (
        "Thư viện tỉnh ra mắt phòng đọc số",
        "Bạn đọc tra cứu hàng nghìn đầu sách điện tử miễn phí.",
        "Phòng đọc có máy tính kết nối mạng tốc độ cao.",
        "Hải Yến", ["văn hóa đọc"], "van-hoa", 47,
    ),
    "salt": (
        "Diêm dân Vĩnh Châu được mùa muối",
        "Giá muối hạt tăng nhẹ so với năm trước.",
        "Ruộng muối trải dài ven biển trắng xóa dưới nắng.",
        "Minh Khang", ["muối"], "nong-nghiep", 48,
    ),
    "onion": (
        "Hành tím Vĩnh Châu xuống giống vụ mới",
        "Nông dân chọn giống tốt để nâng cao năng suất.",
        "Cây hành tím là cây trồng chủ lực của thị xã.",
        "Minh Khang", ["hành tím"], "nong-nghiep", 49,
    ),
    "tourism": (
        "Phát triển du lịch cộng đồng ở cù lao",
        "Du khách trải nghiệm hái trái cây và chèo xuồng.",
        "Người dân làm homestay, phục vụ món ăn dân dã.",
        "Sơn Ca", ["du lịch"], "kinh-te", 51,
    ),
    "police_drugs": (
        "Triệt phá đường dây mua bán ma túy",
        "Công an bắt giữ năm đối tượng, thu giữ nhiều tang vật.",
        "Vụ án đang được mở rộng điều tra.",
        "Thanh Tùng", ["ma túy"], "an-ninh", 52,
    ),
    "volunteer": (
        "Sinh viên tình nguyện mùa hè xanh về xã vùng sâu",
        "Các chiến sĩ tình nguyện sửa nhà, dạy học cho trẻ em.",
        "Chiến dịch kéo dài một tháng với nhiều công trình thanh niên.",
        "Hải Yến", ["thanh niên"], "xa-hoi", 53,
    ),
    "vaccine": (
        "Tiêm vắc-xin sởi cho trẻ dưới năm tuổi",
        "Trạm y tế các xã tổ chức tiêm vào cuối tuần.",
        "Phụ huynh mang theo sổ tiêm chủng khi đưa trẻ đi tiêm.",
        "Kim Ngân", ["tiêm chủng"], "y-te", 54,
    ),
    "port": (
        "Cảng biển Trần Đề thu hút nhà đầu tư",
        "Dự án cảng nước sâu được kỳ vọng tạo động lực phát triển.",
        "Tỉnh kiến nghị bổ sung quy hoạch tuyến đường kết nối cảng.",
        "Quốc Việt", ["hạ tầng"], "kinh-te", 55,
    ),
    "wind": (
        "Nhà máy điện gió ven biển hòa lưới",
        "Các tua-bin đầu tiên đã phát điện thương mại.",
        "Dự án góp phần bảo đảm nguồn năng lượng sạch.",
        "Quốc Việt", ["năng lượng"], "kinh-te", 56,
    ),
    "veterans": (
        "Gặp mặt cựu chiến binh nhân ngày truyền thống",
        "Các cựu chiến binh ôn lại kỷ niệm thời chiến đấu.",
        "Nhiều hội viên là tấm gương làm kinh tế giỏi.",
        "Kim Ngân", ["cựu chiến binh"], "xa-hoi", 57,
    ),
    "chess": (
        "Giải cờ tướng mở rộng quy tụ nhiều kỳ thủ",
        "Các ván đấu diễn ra hấp dẫn đến phút cuối.",
        "Ban tổ chức trao giải cho các kỳ thủ xuất sắc.",
        "Hải Yến", ["cờ tướng"], "the-thao", 58,
    ),
    "mangrove": (
        "Trồng rừng ngập mặn chắn sóng ven biển",
        "Hàng nghìn cây bần, cây đước được trồng mới.",
        "Rừng ngập mặn giúp giảm xói lở và giữ đất.",
        "Bảo Ngọc", ["môi trường"], "nong-nghiep", 59,
    ),
    "teacher": (
        "Tuyên dương nhà giáo tiêu biểu",
        "Hai mươi thầy cô được khen thưởng vì thành tích xuất sắc.",
        "Các thầy cô đã gắn bó nhiều năm với vùng khó khăn.",
        "Hải Yến", ["nhà giáo"], "giao-duc", 60,
    ),
    "housing": (
        "Bàn giao nhà tình nghĩa cho gia đình chính sách",
        "Mỗi căn nhà trị giá năm mươi triệu đồng.",
        "Kinh phí do các doanh nghiệp và nhà hảo tâm đóng góp.",
        "Kim Ngân", ["an sinh"], "xa-hoi", 61,
    ),
    "trade_fair": (
        "Hội chợ thương mại quy tụ hai trăm gian hàng",
        "Các doanh nghiệp giới thiệu sản phẩm đặc trưng vùng miền.",
        "Hội chợ kéo dài bảy ngày tại quảng trường trung tâm.",
        "Minh Khang", ["xúc tiến thương mại"], "kinh-te", 62,
    ),
    "traffic_safety": (
        "Tuyên truyền an toàn giao thông cho học sinh",
        "Học sinh được hướng dẫn đội mũ bảo hiểm đúng cách.",
        "Cảnh sát giao thông phát tài liệu tại cổng trường.",
        "Thanh Tùng", ["an toàn giao thông"], "giao-duc", 63,
    ),
    "cooperative": (
        "Hợp tác xã kiểu mới giúp nông dân tiêu thụ nông sản",
        "Thành viên được hỗ trợ vốn và bao tiêu đầu ra.",
        "Mô hình liên kết chuỗi giá trị được nhân rộng.",
        "Minh Khang", ["hợp tác xã"], "kinh-te", 64,
    ),
    "lantern": (
        "Đêm hội hoa đăng trên sông",
        "Hàng trăm chiếc đèn hoa đăng được thả trôi trên sông.",
        "Người dân cầu mong một năm bình an, mưa thuận gió hòa.",
        "Sơn Ca", ["lễ hội"], "van-hoa", 65,
    ),
    "administrative": (
        "Cải cách thủ tục hành chính một cửa liên thông",
        "Thời gian giải quyết hồ sơ rút ngắn một nửa.",
        "Người dân đánh giá cao thái độ phục vụ của cán bộ.",
        "Quốc Việt", ["cải cách hành chính"], "thoi-su", 66,
    ),
    "rescue": (
        "Cứu hộ thành công ngư dân gặp nạn trên biển",
        "Tàu cứu hộ đưa bốn ngư dân vào bờ an toàn.",
        "Các ngư dân đã được chăm sóc y tế và sức khỏe ổn định.",
        "Thanh Tùng", ["ngư dân"], "thoi-su", 67,
    ),
    "kumquat": (
        "Vườn quýt hồng vào mùa thu hoạch",
        "Nhà vườn phấn khởi vì quýt được giá.",
        "Quýt hồng chín đỏ được thương lái đặt mua trước Tết.",
        "Minh Khang", ["cây ăn trái"], "nong-nghiep", 68,
    ),
    "hoa_binh": (
        "Phường Khánh Hoà ra mắt mô hình khu dân cư văn minh",
        "Người dân cùng nhau giữ gìn vệ sinh đường phố.",
        "Mỗi tổ dân phố có một đội tự quản về môi trường.",
        "Kim Ngân", ["khu dân cư"], "xa-hoi", 69,
    ),
    "rice_export": (
        "Gạo thơm xuất khẩu sang châu Âu",
        "Lô hàng đầu tiên đạt tiêu chuẩn khắt khe của thị trường.",
        "Doanh nghiệp thu mua lúa của nông dân theo hợp đồng.",
        "Minh Khang", ["xuất khẩu"], "kinh-te", 70,
    ),
    "ferry": (
        "Phà Đại Ngãi tăng chuyến phục vụ người dân về quê",
        "Bến phà bố trí thêm nhân viên hướng dẫn.",
        "Lưu lượng khách qua phà tăng gấp đôi ngày thường.",
        "Thanh Tùng", ["giao thông"], "thoi-su", 71,
    ),
    "music_school": (
        "Lớp học đàn ngũ âm cho thiếu nhi Khmer",
        "Nghệ nhân truyền dạy nhạc cụ truyền thống cho các em.",
        "Dàn nhạc ngũ âm thường biểu diễn trong các dịp lễ.",
        "Sơn Ca", ["nghệ thuật"], "van-hoa", 72,
    ),
    "youth_startup": (
        "Thanh niên làm giàu từ nuôi chim yến",
        "Mô hình mang lại thu nhập hàng trăm triệu đồng mỗi năm.",
        "Anh Tú chia sẻ kinh nghiệm xây nhà yến cho bạn trẻ.",
        "Hải Yến", ["làm giàu"], "kinh-te", 73,
    ),
    "court": (
        "Xét xử lưu động vụ án trộm cắp tài sản",
        "Phiên tòa được tổ chức tại hội trường xã để tuyên truyền pháp luật.",
        "Bị cáo lãnh án hai năm tù.",
        "Thanh Tùng", ["pháp luật"], "an-ninh", 74,
    ),
    "elderly_club": (
        "Hội người cao tuổi tập dưỡng sinh mỗi sáng",
        "Các cụ rèn luyện thân thể để sống vui, sống khỏe.",
        "Câu lạc bộ dưỡng sinh có hơn tám mươi hội viên.",
        "Kim Ngân", ["người cao tuổi"], "y-te", 75,
    ),
    "budget": (
        "Thu ngân sách vượt dự toán năm",
        "Nhiều khoản thu từ đất và thuế tăng khá.",
        "Tỉnh ưu tiên chi cho giáo dục và y tế.",
        "Quốc Việt", ["ngân sách"], "kinh-te", 76,
    ),
    "lottery": (
        "Công ty xổ số đóng góp cho quỹ khuyến học",
        "Hàng trăm suất học bổng được trao cho học sinh nghèo.",
        "Quỹ khuyến học giúp các em tiếp tục đến trường.",
        "Hải Yến", ["khuyến học"], "giao-duc", 77,
    ),
    "dragon_fruit": (
        "Thanh long ruột đỏ được giá",
        "Nông dân thu hoạch thanh long bán cho vựa.",
        "Vườn thanh long áp dụng đèn chiếu sáng để ra hoa trái vụ.",
        "Minh Khang", ["cây ăn trái"], "nong-nghiep", 78,
    ),
    "lake": (
        "Cải tạo hồ nước ngọt thành công viên",
        "Công viên mới có lối đi bộ và khu vui chơi cho trẻ.",
        "Nhiều gia đình đến thư giãn vào buổi chiều.",
        "Bảo Ngọc", ["đô thị"], "thoi-su", 79,
    ),
    "sport_day": (
        "Đại hội thể dục thể thao cấp tỉnh khai mạc",
        "Hơn một nghìn vận động viên tranh tài mười môn.",
        "Đại hội là dịp đánh giá phong trào thể thao quần chúng.",
        "Hải Yến", ["thể thao"], "the-thao", 80,
    ),
    "telecom": (
        "Phủ sóng di động 5G tại trung tâm thành phố",
        "Nhà mạng lắp đặt thêm hàng chục trạm phát sóng.",
        "Tốc độ truy cập nhanh giúp người dân làm việc trực tuyến.",
        "Quốc Việt", ["viễn thông"], "kinh-te", 81,
    ),
}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# (query, key of the article that must come first)
QUERIES: list[tuple[str, str]] = [
    # Folding collisions: lúa / lửa / lừa
    ("lửa", "fire"),
    ("lúa", "rice"),
    ("giá lúa", "rice"),
    ("lừa đảo", "scam"),
    ("lua dao", "scam"),
    ("dập lửa", "fire"),
    # hội / hồi / hỏi / hơi
    ("lễ hội", "festival"),
    ("phục hồi", "forest"),
    ("hồi", "forest"),
    ("hỏi đáp", "qa"),
    ("hoi dap", "qa"),
    ("hỏi", "qa"),
    ("xe hơi", "car"),
    ("hơi", "car"),
    # Other collisions: mưa/mua, bão/bao, cà/cá/ca, sông/song, sữa/sửa, hoa/họa
    ("mưa lớn", "rain"),
    ("mua sắm", "shopping"),
    ("bão", "storm"),
    ("bao bì", "packaging"),
    ("cà phê", "coffee"),
    ("ca phe", "coffee"),
    ("cá tra", "catfish"),
    ("sông Hậu", "river"),
    ("song ngữ", "bilingual"),
    ("sữa học đường", "milk"),
    ("sửa chữa cầu", "bridge"),
    ("sua chua cau", "bridge"),
    ("họa sĩ", "painter"),
    ("hoa si", "painter"),
    ("hoa xuân", "flowers"),
    ("đấu giá đất", "auction"),
    ("đạt chuẩn quốc gia", "kindergarten"),
    ("câu lạc bộ thơ", "club"),
    ("bóng đá", "football"),
    ("bong da", "football"),
    # Accentless
    ("chu thap do", "redcross"),
    ("benh vien", "hospital"),
    ("he thong xu ly nuoc thai", "wastewater"),
    ("du lieu dan cu", "data"),
    ("chua doi", "pagoda"),
    ("banh pia", "pia_cake"),
    ("quoc lo 1a", "car"),
    # Old / new tone placement, both ways
    ("Thúy Liễu", "singer"),
    ("Thuý Liễu", "singer"),
    ("thuy lieu", "singer"),
    ("hòa giải", "mediation"),
    ("hoà giải", "mediation"),
    ("sức khỏe người cao tuổi", "health"),
    ("sức khoẻ", "health"),
    ("thủy lợi", "irrigation"),
    ("ủy ban mặt trận", "mttq"),
    ("Khánh Hòa", "hoa_binh"),
    ("quý III", "quarter"),
    # Acronyms (with đ and with Ð U+00D0)
    ("hdnd", "hdnd"),
    ("HĐND", "hdnd"),
    ("H\u00d0ND tỉnh", "hdnd"),
    ("ubnd tinh", "ubnd"),
    ("MTTQ", "mttq"),
    ("\u00d0iện lực", "power"),
    # Phrases
    ('"nông thôn mới"', "ntm"),
    ('"nong thon moi"', "ntm"),
    ('"chữ thập đỏ"', "redcross"),
    # Upper case
    ("LỄ HỘI OÓC OM BÓC", "festival"),
    ("BỆNH VIỆN", "hospital"),
    ("GIÁ LÚA", "rice"),
    # Decomposed Unicode (NFD), some with the old tone placement
    (nfd("Chữ thập đỏ"), "redcross"),
    (nfd("bệnh viện đa khoa"), "hospital"),
    (nfd("Thuý Liễu"), "singer"),
    (nfd("lửa"), "fire"),
    # Title and tags weigh more than body; byline is searched
    ("vịt", "ducks"),
    ("vit", "ducks"),
    ("khởi nghiệp", "ocop"),
    ("Lâm Quốc Trạng", "byline"),
    ("hiến máu", "blood"),
    ("sốt xuất huyết", "dengue"),
]

# Phrase queries and the stories that contain the words only apart: never in the results.
PHRASE_EXCLUSIONS: list[tuple[str, str]] = [
    ('"nông thôn mới"', "market"),
    ('"nong thon moi"', "market"),
]


def create_corpus(now=None) -> dict[str, int]:
    """Create the sections and published articles; returns article ids by key."""
    from django.utils import timezone

    from news.models import Article, Section

    now = now or timezone.now()
    sections: dict[str, Section] = {}
    for order, (slug, name, parent) in enumerate(SECTIONS):
        sections[slug] = Section.objects.create(
            name=name, slug=slug, parent=sections.get(parent) if parent else None,
            sort_order=order,
        )
    ids: dict[str, int] = {}
    for key, (title, sapo, body, byline, tags, section, days) in ARTICLES.items():
        published = now - timedelta(days=days, hours=1)
        article = Article(
            title=title, sapo=sapo, byline=byline, primary_section=sections[section],
            body=[{"type": "paragraph", "value": f"<p>{body}</p>"}],
            published_at=published, updated_at=published, live=True,
        )
        article.save()
        if tags:
            article.tags.add(*tags)
            article.save()
        ids[key] = article.pk
    return ids
