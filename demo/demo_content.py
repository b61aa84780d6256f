"""Demo content written for toasoan (not taken from any real outlet): sections, stories,
announcements, documents, a clip, programmes with playable episodes and the station's footer
facts. Loading is idempotent."""

from __future__ import annotations

import colorsys
import io
import shutil
import subprocess
import tempfile
import uuid
import zlib
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.images.models import Image

from broadcast.models import Channel, Clip, Episode, MediaKind, Programme
from core.models import StationSettings
from core.vietnamese import fold, slugify_vi
from curation.models import BreakingNews, HomeSlot, HomeSlotItem
from demo import khmer_content
from listen.models import ArticleAudio, AudioState
from listen.signals import request_speech
from listen.tasks import make_speech
from metrics.models import ArticleDailyViews
from news.models import Article, Genre, RelatedArticle, Section
from notices.models import Announcement, AnnouncementAttachment, OfficialDocument
from planning.models import Story, StoryStatus
from royalties.models import GenreRate, RateCard
from schedule.models import Slot
from schedule.selectors import day_bounds, today, week_of
from transcode.tasks import process_episode

NEWS_ROOT = ("Tin tức", "tin-tuc")
NEWS_SECTIONS = [
    ("Tin địa phương", "tin-dia-phuong"),
    ("Tin trong nước", "tin-trong-nuoc"),
    ("Đời sống - Xã hội", "doi-song-xa-hoi"),
    ("Tin thế giới", "tin-the-gioi"),
    ("Doanh nghiệp - Người tiêu dùng", "doanh-nghiep-nguoi-tieu-dung"),
    ("Giáo dục - Khoa học & Công nghệ", "giao-duc-khoa-hoc-cong-nghe"),
    ("Nông nghiệp - Nông thôn", "nong-nghiep-nong-thon"),
    ("Pháp luật - Cải cách hành chính", "phap-luat-cai-cach-hanh-chinh"),
    ("Lực lượng vũ trang", "luc-luong-vu-trang"),
    ("Đoàn thể", "doan-the"),
    ("Góc doanh nghiệp", "goc-doanh-nghiep"),
]
TOPIC_SECTIONS = [
    ("Học và làm theo gương Bác", "hoc-va-lam-theo-guong-bac"),
    ("Lễ hội Oóc-om-bóc - Đua ghe Ngo tỉnh Sóc Trăng", "le-hoi-ooc-om-boc-dua-ghe-ngo"),
]

STATION = {
    "portal_name": "Trang thông tin điện tử tổng hợp",
    "station_name": "Đài PT & TH Sóc Trăng",
    "short_name": "THST.vn",
    "governing_body": "Ủy ban nhân dân tỉnh Sóc Trăng",
    "director": "Nguyễn Văn Bốn",
    "licence_number": "287/GP-TTĐT",
    "licence_date": date(2016, 12, 22),
    "licence_issuer": "Cục Phát thanh, truyền hình và thông tin điện tử",
    "address": "132 Trần Văn Bảy, Phường 3, TP Sóc Trăng",
    "phone": "0299 3822598",
    "fax": "0299 3825876",
    "email": "toasoan@thst.example.vn",
    "copyright_notice": (
        "Bản quyền thuộc Đài PT & TH Sóc Trăng; không sao chép khi chưa được đồng ý bằng văn bản."
    ),
    "republication_notice": "Khi phát hành lại thông tin từ trang này, cần ghi rõ nguồn THST.vn.",
}

# (section slug, title, sapo, paragraphs, image caption, byline, days ago, featured, tags, topic)
ARTICLES = [
    ("tin-dia-phuong", "Sóc Trăng khánh thành cầu nông thôn nối hai xã vùng ven biển",
     "Sáng 20/11, cây cầu bê tông dài 120 mét nối xã Vĩnh Hải và xã Lạc Hòa chính thức đưa vào "
     "sử dụng, rút ngắn quãng đường đi lại của hơn 3.000 hộ dân.",
     ["Công trình có tổng vốn đầu tư gần 18 tỷ đồng từ nguồn ngân sách tỉnh và đóng góp của "
      "người dân địa phương. Cầu rộng 5 mét, cho phép xe tải nhẹ lưu thông, thay thế chuyến phà "
      "nhỏ mà bà con đã dùng hơn hai mươi năm.",
      "Ông Lâm Văn Sang, người dân ấp Âu Thọ B, cho biết trước đây mỗi lần chở hành, tỏi ra chợ "
      "phải chờ phà cả tiếng đồng hồ. Có cầu rồi, nông sản đến thương lái nhanh hơn, giá bán cũng "
      "ổn định hơn.",
      "Lãnh đạo huyện đề nghị chính quyền hai xã phối hợp bảo vệ hành lang an toàn cầu, tuyên "
      "truyền người dân chấp hành quy định về tải trọng./."],
     "Người dân qua cầu mới trong ngày khánh thành.", "Bài, ảnh: Minh Khang", 2, True,
     ["giao thông nông thôn", "Vĩnh Châu"], None),
    ("tin-dia-phuong", "Hội đồng nhân dân tỉnh giám sát công tác chuyển đổi số tại các huyện",
     "Đoàn giám sát của Ban Kinh tế - Ngân sách HĐND tỉnh vừa làm việc với ba huyện về tiến độ "
     "triển khai dịch vụ công trực tuyến toàn trình.",
     ["Theo báo cáo, tỷ lệ hồ sơ nộp trực tuyến tại ba huyện đạt trên 70%, tăng mạnh so với cùng "
      "kỳ. Tuy nhiên, một số xã vùng sâu còn thiếu cán bộ có chuyên môn về công nghệ thông tin.",
      "Đoàn giám sát đề nghị các địa phương tăng cường tập huấn cho tổ công nghệ số cộng đồng, "
      "hướng dẫn người cao tuổi sử dụng ứng dụng định danh điện tử./."],
     "Đoàn giám sát làm việc tại bộ phận một cửa huyện.", "Thanh Tâm", 3, False,
     ["chuyển đổi số", "HĐND"], None),
    ("tin-dia-phuong", "Thanh niên tình nguyện sửa chữa nhà cho hộ nghèo trước mùa mưa bão",
     "Hơn 200 đoàn viên thanh niên ra quân giúp các gia đình khó khăn gia cố mái nhà, dọn dẹp "
     "kênh mương quanh khu dân cư.",
     ["Hoạt động nằm trong chương trình tình nguyện mùa đông, tập trung ở các ấp có đông đồng bào "
      "Khmer sinh sống. Mỗi căn nhà được hỗ trợ vật liệu trị giá từ 5 đến 10 triệu đồng.",
      "Bà Thạch Thị Phol, 72 tuổi, xúc động khi thấy mái tôn mới thay cho tấm lá cũ dột nát: "
      "“Năm nay mưa có lớn cũng không lo nữa”./."],
     "Đoàn viên thanh niên lợp lại mái nhà cho một hộ nghèo.", "Bài, ảnh: Hồng Nhung", 5, True,
     ["thanh niên", "an sinh xã hội"], "hoc-va-lam-theo-guong-bac"),
    ("tin-trong-nuoc", "Chính phủ đẩy nhanh giải ngân vốn đầu tư công những tháng cuối năm",
     "Thủ tướng yêu cầu các bộ, ngành và địa phương rà soát từng dự án, kiên quyết điều chuyển "
     "vốn của những dự án chậm tiến độ.",
     ["Tính đến cuối tháng 10, cả nước giải ngân được khoảng 60% kế hoạch vốn năm. Nhiều công "
      "trình giao thông trọng điểm đang được tập trung nhân lực, máy móc để về đích đúng hạn.",
      "Các địa phương được đề nghị tháo gỡ vướng mắc về mặt bằng, nguồn vật liệu san lấp, nhất là "
      "ở khu vực Đồng bằng sông Cửu Long./."],
     "Thi công một đoạn cao tốc ở miền Tây.", "Quốc Huy (tổng hợp)", 1, True,
     ["đầu tư công", "cao tốc"], None),
    ("doi-song-xa-hoi", "Phiên chợ nhân ái mang Tết sớm đến với công nhân khó khăn",
     "Mỗi người lao động được tặng phiếu mua hàng trị giá 500.000 đồng để chọn gạo, dầu ăn, quần "
     "áo tại phiên chợ.",
     ["Phiên chợ do Liên đoàn Lao động tỉnh phối hợp với các doanh nghiệp tổ chức, phục vụ hơn "
      "1.000 công nhân đang làm việc tại khu công nghiệp An Nghiệp.",
      "Bên cạnh gian hàng 0 đồng, ban tổ chức còn khám bệnh, tư vấn pháp luật lao động miễn phí "
      "cho công nhân và người thân./."],
     "Công nhân chọn hàng tại phiên chợ.", "Ngọc Hân", 4, False, ["công nhân", "Tết"], None),
    ("tin-the-gioi", "Các nước Mekong thảo luận hợp tác ứng phó hạn mặn",
     "Hội nghị trực tuyến giữa các quốc gia hạ nguồn sông Mekong tập trung vào chia sẻ dữ liệu "
     "dòng chảy và cảnh báo sớm.",
     ["Các đại biểu thống nhất xây dựng cơ chế cung cấp số liệu mực nước theo thời gian thực, "
      "giúp nông dân chủ động lịch thời vụ.",
      "Chuyên gia cho rằng xâm nhập mặn mùa khô tới có thể đến sớm hơn trung bình nhiều năm, "
      "cần chuẩn bị phương án trữ nước ngọt ngay từ bây giờ./."],
     "Hội nghị diễn ra theo hình thức trực tuyến.", "Khánh Linh", 6, False,
     ["Mekong", "hạn mặn"], None),
    ("doanh-nghiep-nguoi-tieu-dung", "Cảnh giác với chiêu lừa đảo bán hàng qua mạng dịp cuối năm",
     "Cơ quan quản lý thị trường khuyến cáo người tiêu dùng kiểm tra kỹ thông tin người bán, "
     "không chuyển tiền đặt cọc cho tài khoản lạ.",
     ["Thời gian qua, nhiều người dân phản ánh mua hàng qua mạng xã hội nhưng nhận sản phẩm kém "
      "chất lượng hoặc không nhận được hàng.",
      "Người tiêu dùng nên ưu tiên các sàn thương mại điện tử có chính sách đổi trả rõ ràng và giữ "
      "lại chứng từ giao dịch để làm căn cứ khiếu nại./."],
     "Nhiều đơn hàng được giao trong mùa mua sắm cuối năm.", "Thu Trang", 7, False,
     ["người tiêu dùng", "thương mại điện tử"], None),
    ("giao-duc-khoa-hoc-cong-nghe",
     "Học sinh Sóc Trăng đoạt giải cuộc thi sáng tạo khoa học kỹ thuật",
     "Dự án máy đo độ mặn giá rẻ của hai học sinh lớp 11 giành giải Nhì cấp quốc gia.",
     ["Thiết bị sử dụng cảm biến điện dẫn và vi mạch đơn giản, gửi kết quả đo về điện thoại qua "
      "tin nhắn, có giá thành chưa tới một triệu đồng.",
      "Nhóm tác giả cho biết ý tưởng xuất phát từ những mùa khô gia đình phải bỏ ruộng vì nước "
      "mặn vào kênh mà không hay biết./."],
     "Hai học sinh giới thiệu thiết bị đo độ mặn.", "Bài, ảnh: Phương Thảo", 8, True,
     ["sáng tạo", "học sinh"], None),
    ("nong-nghiep-nong-thon", "Nông dân Mỹ Xuyên trúng mùa lúa thơm, giá bán tăng",
     "Vụ lúa mùa năm nay đạt năng suất bình quân 6,5 tấn/ha, thương lái thu mua tại ruộng với giá "
     "cao hơn cùng kỳ.",
     ["Nhờ áp dụng quy trình canh tác giảm giống, giảm phân bón, chi phí sản xuất của bà con giảm "
      "khoảng 15%. Nhiều hợp tác xã đã ký hợp đồng bao tiêu với doanh nghiệp xuất khẩu.",
      "Ngành nông nghiệp khuyến cáo nông dân theo dõi lịch xuống giống vụ Đông Xuân để né đỉnh "
      "mặn đầu năm sau./."],
     "Thu hoạch lúa thơm bằng máy gặt đập liên hợp.", "Văn Toàn", 2, False,
     ["lúa gạo", "Mỹ Xuyên"], None),
    ("nong-nghiep-nong-thon", "Phòng chống cháy rừng tràm mùa khô ở vùng ven biển",
     "Lực lượng kiểm lâm phối hợp với chính quyền xã lập chốt canh lửa, phát quang đường băng cản "
     "lửa trước cao điểm nắng nóng.",
     ["Toàn tỉnh có hơn 10.000 ha rừng phòng hộ, trong đó nhiều diện tích rừng tràm có nguy cơ "
      "cháy cao khi thảm thực bì khô.",
      "Người dân được đề nghị không đốt đồng, không mang lửa vào rừng; khi phát hiện đám cháy phải "
      "báo ngay cho chốt gần nhất./."],
     "Tổ canh lửa tuần tra rừng tràm.", "Thành Lộc", 9, False, ["rừng", "phòng cháy"], None),
    ("phap-luat-cai-cach-hanh-chinh", "Rút ngắn thời gian cấp giấy chứng nhận quyền sử dụng đất",
     "Từ tháng 12, thời gian giải quyết hồ sơ đăng ký đất đai lần đầu giảm từ 30 xuống còn 20 "
     "ngày làm việc.",
     ["Văn phòng đăng ký đất đai đã số hóa gần toàn bộ hồ sơ địa chính, cho phép tra cứu tình "
      "trạng hồ sơ qua cổng dịch vụ công.",
      "Người dân có thể nộp hồ sơ trực tuyến và nhận kết quả qua dịch vụ bưu chính công ích mà "
      "không cần đến trụ sở./."],
     "Cán bộ một cửa hướng dẫn người dân làm thủ tục.", "Hải Yến", 10, False,
     ["cải cách hành chính", "đất đai"], None),
    ("luc-luong-vu-trang", "Bộ đội Biên phòng giúp ngư dân sửa chữa tàu trước mùa biển động",
     "Các đồn biên phòng ven biển tổ chức tổ thợ hỗ trợ kiểm tra máy móc, thiết bị an toàn cho "
     "hơn 50 tàu cá.",
     ["Cùng với sửa chữa tàu, cán bộ biên phòng tuyên truyền quy định chống khai thác hải sản "
      "bất hợp pháp, hướng dẫn ngư dân ghi nhật ký khai thác đầy đủ.",
      "Ngư dân được phát áo phao, phao cứu sinh và số điện thoại trực ban tìm kiếm cứu nạn./."],
     "Cán bộ biên phòng kiểm tra máy tàu cá.", "Trung Kiên", 11, False,
     ["biên phòng", "ngư dân"], None),
    ("doan-the", "Hội Liên hiệp Phụ nữ trao vốn khởi nghiệp cho hội viên",
     "Hai mươi hội viên phụ nữ nghèo được hỗ trợ vốn không lãi để nuôi gà thả vườn và làm bánh "
     "truyền thống.",
     ["Nguồn vốn được vận động từ các nhà hảo tâm và quỹ tiết kiệm của các chi hội. Mỗi hội viên "
      "nhận từ 5 đến 15 triệu đồng, hoàn trả trong ba năm.",
      "Hội cũng mở lớp hướng dẫn ghi chép thu chi, bán hàng trên mạng xã hội để hội viên làm ăn "
      "hiệu quả hơn./."],
     "Hội viên nhận vốn hỗ trợ khởi nghiệp.", "Kim Ngân", 12, False,
     ["phụ nữ", "khởi nghiệp"], "hoc-va-lam-theo-guong-bac"),
    ("goc-doanh-nghiep", "Doanh nghiệp thủy sản đầu tư dây chuyền chế biến tôm đạt chuẩn xuất khẩu",
     "Nhà máy mới có công suất 8.000 tấn thành phẩm mỗi năm, tạo việc làm cho khoảng 600 lao "
     "động địa phương.",
     ["Dây chuyền cấp đông nhanh giúp giữ chất lượng tôm, đáp ứng yêu cầu của các thị trường khó "
      "tính như Nhật Bản và châu Âu.",
      "Doanh nghiệp cam kết thu mua tôm nguyên liệu của nông dân nuôi theo quy trình có chứng "
      "nhận./."],
     "Công nhân làm việc tại dây chuyền chế biến tôm.", "Bảo Ngọc", 14, False,
     ["thủy sản", "xuất khẩu"], None),
    ("tin-dia-phuong", "Rộn ràng tập luyện đua ghe Ngo chuẩn bị lễ hội Oóc-om-bóc",
     "Các đội ghe Ngo của các chùa Khmer đã bắt đầu tập luyện trên sông Maspero, sẵn sàng cho "
     "mùa lễ hội năm nay.",
     ["Mỗi chiếc ghe dài gần 30 mét với hơn 50 tay bơi, được các sư sãi và bà con phum sóc góp "
      "công sửa sang, sơn vẽ lại hoa văn truyền thống.",
      "Ban tổ chức dự kiến có hơn 60 đội tranh tài ở các nội dung nam, nữ; nhiều hoạt động văn "
      "hóa, ẩm thực diễn ra song song trong tuần lễ hội./."],
     "Một đội ghe Ngo tập luyện trên sông.", "Bài, ảnh: Sơn Ty", 1, True,
     ["ghe Ngo", "Oóc-om-bóc", "Khmer"], "le-hoi-ooc-om-boc-dua-ghe-ngo"),
]

# Stories taken from another outlet carry its name (by position in ARTICLES, from 1).
SOURCES = {6: "Thông tấn xã Việt Nam"}

ANNOUNCEMENTS = [
    ("Đài PT & TH Sóc Trăng thông báo tuyển cộng tác viên tin ảnh", 3,
     "<p>Đài tuyển cộng tác viên tin, ảnh tại các huyện, thị xã. Hồ sơ gửi về Phòng Thời sự "
     "trước ngày 15/12.</p>"),
    ("Thông báo lịch phát sóng trực tiếp kỳ họp Hội đồng nhân dân tỉnh", 6,
     "<p>Kỳ họp được truyền hình trực tiếp trên kênh STV1 và phát thanh trên sóng FM.</p>"),
    ("Thông báo tạm ngừng phát sóng để bảo trì thiết bị", 12,
     "<p>Kênh STV2 tạm ngừng phát sóng từ 0 giờ đến 4 giờ sáng để bảo trì máy phát.</p>"),
]

DOCUMENTS = [
    ("Công văn", "245-CV/ĐPTTH", "Đài PT & TH Sóc Trăng", 4,
     "Về việc tăng cường tuyên truyền phòng, chống thiên tai mùa mưa bão"),
    ("Công văn", "312-CV/ĐPTTH", "Đài PT & TH Sóc Trăng", 9,
     "Về việc thực hiện quy định bảo đảm an toàn thông tin trên môi trường mạng"),
    ("Kế hoạch", "18-KH/ĐPTTH", "Đài PT & TH Sóc Trăng", 15,
     "Kế hoạch tuyên truyền các hoạt động chào mừng ngày thành lập tỉnh"),
]


def _demo_image(title: str, seed: int) -> Image:
    """A generated, caption-free picture, so the demo needs no copyrighted photo."""
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    width, height = 1200, 675
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    hue = (zlib.crc32(title.encode()) % 360) / 360
    for y in range(height):
        r, g, b = colorsys.hsv_to_rgb(hue, 0.55, 0.35 + 0.5 * y / height)
        draw.line([(0, y), (width, y)], fill=(int(r * 255), int(g * 255), int(b * 255)))
    for i in range(6):
        x = (seed * 97 + i * 211) % width
        draw.ellipse([x - 80, 200 + i * 40, x + 80, 360 + i * 40], outline=(255, 255, 255), width=4)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    image = Image(title=title)
    image.file = ImageFile(buffer, name=f"demo-{seed}.jpg")
    image.save()
    return image


def _demo_pdf(title: str, lines: list[str]) -> Document:
    """A one-page PDF drawn with Pillow (ASCII text only: the built-in font has no Vietnamese)."""
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    page = PILImage.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        draw.text((60, 80 + number * 24), line, fill="black")
    buffer = io.BytesIO()
    page.save(buffer, format="PDF")
    document = Document(title=title)
    document.file.save(f"{slugify_vi(title, max_length=60)}.pdf", ContentFile(buffer.getvalue()),
                       save=False)
    document.save()
    return document


def _recent_views(article: Article, seed: int) -> None:
    """Part of the demo's lifetime views fell in the last days, so "Đọc nhiều" has a ranking
    (it counts the last seven days, metrics' daily table)."""
    today = timezone.localdate()
    share = article.view_count // 10
    for days_back in range(3):
        ArticleDailyViews.objects.get_or_create(
            article=article, day=today - timedelta(days=days_back),
            defaults={"count": max(1, (share * (seed % 5 + 1)) // (days_back + 2))})


def _demo_channel(code: str, **fields) -> Channel:
    """A demo channel playing its local demo stream (`make_demo_streams` encodes it).

    A channel left without a stream address gets the demo one; an address an editor set stays.
    """
    playlist = reverse("live_stream:playlist", kwargs={"code": code})
    channel, _ = Channel.objects.get_or_create(code=code, defaults={**fields,
                                                                    "stream_url": playlist})
    if not channel.stream_url:
        channel.stream_url = playlist
        channel.save(update_fields=["stream_url"])
    return channel


@transaction.atomic
def load() -> dict[str, int]:
    """Create whatever of the demo set is missing; never duplicate on a second run."""
    created = {"sections": 0, "articles": 0, "announcements": 0, "documents": 0}
    station = StationSettings.load()
    if not station.station_name:
        for field, value in STATION.items():
            setattr(station, field, value)
        station.save()

    root, made = Section.objects.in_language("vi").get_or_create(
        slug=NEWS_ROOT[1], defaults={"name": NEWS_ROOT[0], "sort_order": 0})
    created["sections"] += made
    for order, (name, slug) in enumerate(NEWS_SECTIONS, start=1):
        _, made = Section.objects.in_language("vi").get_or_create(
            slug=slug, defaults={"name": name, "parent": root, "sort_order": order})
        created["sections"] += made
    for order, (name, slug) in enumerate(TOPIC_SECTIONS, start=50):
        _, made = Section.objects.in_language("vi").get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order, "is_topic": True})
        created["sections"] += made

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    made_articles: list[Article] = []
    for seed, (section_slug, title, sapo, paragraphs, caption, byline, days_ago, featured,
               tags, topic) in enumerate(ARTICLES, start=1):
        key = f"demo:{seed}"
        article = Article.objects.filter(import_key=key).first()
        if article is None:
            image = _demo_image(f"Ảnh minh họa: {caption}", seed)
            body = [{"type": "paragraph", "value": f"<p>{paragraphs[0]}</p>"},
                    {"type": "image", "value": {"image": image.pk, "caption": caption,
                                                "credit": ""}}]
            body += [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs[1:]]
            when = now - timedelta(days=days_ago, hours=seed)
            article = Article(
                title=title, sapo=sapo, body=body, byline=byline, is_featured=featured,
                primary_section=Section.objects.in_language("vi").get(slug=section_slug),
                featured_image=image,
                featured_image_caption=caption, published_at=when, updated_at=when,
                source_name=SOURCES.get(seed, ""),
                first_published_at=when, last_published_at=when, live=True,
                view_count=(seed * 137) % 2500 + 40, import_key=key,
                genre=DEMO_GENRES.get(seed, Genre.NEWS),
            )
            article.save()
            article.tags.add(*tags)
            if topic:
                article.topic_sections.add(Section.objects.in_language("vi").get(slug=topic))
            article.save_revision(log_action=False).publish(log_action=False)
            Article.objects.filter(pk=article.pk).update(published_at=when, updated_at=when)
            _recent_views(article, seed)
            created["articles"] += 1
        made_articles.append(article)
    # An editor's hand-picked link: the bridge story points to the budget story.
    if made_articles and not RelatedArticle.objects.filter(article=made_articles[0]).exists():
        RelatedArticle.objects.create(article=made_articles[0], target=made_articles[3],
                                      sort_order=0)

    created["articles"] += _load_rich_articles(now)

    for title, days_ago, body in ANNOUNCEMENTS:
        if not Announcement.objects.filter(title=title).exists():
            notice = Announcement.objects.create(title=title, body=body,
                                                 published_at=now - timedelta(days=days_ago))
            AnnouncementAttachment.objects.create(
                announcement=notice, sort_order=0, label="Toàn văn thông báo (PDF)",
                document=_demo_pdf(f"Thông báo: {title}",
                                   ["DEMO - THONG BAO", fold(title).upper()]))
            created["announcements"] += 1
    for kind, number, issuer, days_ago, subject in DOCUMENTS:
        if not OfficialDocument.objects.filter(number=number).exists():
            issued = (now - timedelta(days=days_ago)).date()
            OfficialDocument.objects.create(
                document_type=kind, number=number, issuer=issuer, issued_on=issued,
                subject=subject, published_at=now - timedelta(days=days_ago),
                file=_demo_pdf(f"{kind} {number}",
                               ["DEMO - " + fold(kind).upper(), number, fold(subject)]))
            created["documents"] += 1

    # The Khmer edition's sections, articles (one translating a story above) and notice.
    for name, count in khmer_content.load(_demo_image).items():
        created[name] = created.get(name, 0) + count

    _demo_channel("stv1", name="STV1", kind=Channel.Kind.TELEVISION, sort_order=1)
    _demo_channel("stv2", name="STV2", kind=Channel.Kind.TELEVISION, language="km", sort_order=2)
    _demo_channel("radio", name="Phát thanh Sóc Trăng", kind=Channel.Kind.RADIO, sort_order=3)
    # Earlier demo databases held a clip whose player was a placeholder address; the demo's
    # video now comes from its transcoded episodes.
    Clip.objects.filter(embed_url=PLACEHOLDER_CLIP_PLAYER).delete()
    created["slots"] = load_schedule()
    created["home_slots"] = load_front_page(made_articles)
    created["stories"] = load_planning(made_articles, now)
    created["rate_cards"] = load_rates()
    return created


# The editors' front page: (place, section slug or "", demo article numbers in order).
HOME_SLOTS = [
    ("lead", "", [15]),
    ("row", "", [1, 4, 8, 9]),
    ("section", "nong-nghiep-nong-thon", [10, 9]),
]
DEMO_TICKER = ("Mưa lớn kèm triều cường: các xã ven biển Trần Đề, Vĩnh Châu chủ động phòng "
               "chống sạt lở")


def load_front_page(made_articles: list[Article]) -> int:
    """Arrange the home slots once, and keep the breaking-news line live for twelve hours
    from each run (it expires by itself, as a real one does)."""
    by_number = {number: article for number, article in enumerate(made_articles, start=1)}
    created = 0
    for kind, section_slug, numbers in HOME_SLOTS:
        section = Section.objects.in_language("vi").get(slug=section_slug) if section_slug else None
        if HomeSlot.objects.filter(kind=kind, section=section).exists():
            continue
        slot = HomeSlot(kind=kind, section=section)
        slot.items = [HomeSlotItem(article=by_number[number], sort_order=order)
                      for order, number in enumerate(numbers) if number in by_number]
        slot.save()
        slot.save_revision(log_action=False).publish(log_action=False)
        created += 1
    ticker = BreakingNews.objects.filter(text=DEMO_TICKER).first()
    if ticker is None or not ticker.live or ticker.expired:
        ticker = ticker or BreakingNews(text=DEMO_TICKER, live=False)
        ticker.expire_at = timezone.now() + timedelta(hours=12)
        ticker.save()
        ticker.save_revision(log_action=False).publish(log_action=False)
    return created


# Planned stories (đề tài) in every state: (title, brief, section, hours until due, status).
PLANNED_STORIES = [
    ("Nông dân Long Phú chuyển đổi cây trồng mùa khô",
     "Gặp tổ hợp tác trồng màu trên đất lúa; số liệu của phòng Nông nghiệp.",
     "nong-nghiep-nong-thon", 48,
     StoryStatus.PROPOSED),
    ("Chuẩn bị Lễ hội Oóc Om Bóc năm nay", "Ban tổ chức, các đội ghe Ngo tập luyện; quay phim.",
     "tin-dia-phuong", 72, StoryStatus.ASSIGNED),
    ("Sạt lở bờ sông Cù Lao Dung", "Hiện trường, ý kiến người dân và UBND huyện.",
     "doi-song-xa-hoi", -6, StoryStatus.WRITING),
    ("Tuyển sinh lớp 10 năm học mới", "Chỉ tiêu từng trường, lịch thi.",
     "giao-duc-khoa-hoc-cong-nghe", 24,
     StoryStatus.SUBMITTED),
]


def _demo_person(username: str, name: str, group_name: str):
    """A newsroom person for the demo board; cannot sign in until an admin sets a password."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, made = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": name})
    if made:
        user.set_unusable_password()
        user.save()
        if group := Group.objects.filter(name=group_name).first():
            user.groups.add(group)
    return user


def load_planning(articles: list[Article], now) -> int:
    """A few planned stories in various states (one overdue, one published) for the board."""
    from newsroom import roles

    if Story.objects.exists():
        return 0
    reporter = _demo_person("pv.hongnhung", "Hồng Nhung", roles.REPORTER)
    camera = _demo_person("qp.minhtri", "Minh Trí", roles.REPORTER)
    sections = {s.slug: s for s in Section.objects.all()}
    fallback = next(iter(sections.values()))
    count = 0
    for title, brief, slug, hours, status in PLANNED_STORIES:
        story = Story.objects.create(
            title=title, brief=brief, section=sections.get(slug, fallback), status=status,
            due_at=now + timedelta(hours=hours), proposed_by=reporter,
            assignee=None if status == StoryStatus.PROPOSED else reporter,
        )
        if status != StoryStatus.PROPOSED:
            story.crew.add(camera)
        count += 1
    if articles:
        article = articles[0]
        Story.objects.create(
            title=article.title, brief=article.sapo, section=article.primary_section,
            status=StoryStatus.PUBLISHED, due_at=now - timedelta(days=1), proposed_by=reporter,
            assignee=reporter, article=article,
        )
        count += 1
    return count


PLACEHOLDER_CLIP_PLAYER = "https://www.youtube.com/embed/demo"

# Genres of some demo stories (by their position in ARTICLES); the others are news items.
DEMO_GENRES = {1: Genre.ARTICLE, 3: Genre.PHOTO, 4: Genre.COMPILATION, 8: Genre.REPORTAGE,
               9: Genre.ARTICLE, 10: Genre.REPORTAGE, 14: Genre.VIDEO}
# The demo station's royalty rates ("Nhuận bút"): points per genre, 100.000 đồng a point.
DEMO_RATES_FROM = date(2025, 1, 1)
DEMO_POINT_VALUE = 100_000
DEMO_POINTS = {Genre.NEWS: "1.5", Genre.BRIEF: "0.5", Genre.ARTICLE: "3", Genre.REPORTAGE: "5",
               Genre.INTERVIEW: "3", Genre.COMMENTARY: "3.5", Genre.PHOTO: "2",
               Genre.VIDEO: "4", Genre.COMPILATION: "1"}


def load_rates() -> int:
    """The demo rate card, when the station has none yet."""
    if RateCard.objects.exists():
        return 0
    card = RateCard.objects.create(valid_from=DEMO_RATES_FROM, point_value=DEMO_POINT_VALUE,
                                   note="Bảng điểm mẫu của bản demo")
    GenreRate.objects.bulk_create(GenreRate(card=card, genre=genre, points=points)
                                  for genre, points in DEMO_POINTS.items())
    return 1
# A photo story and a long-form feature, with generated pictures (no copyrighted photo).
GALLERY_FRAMES = [
    ("Các đội ghe Ngo tập luyện trên sông Maspero", "Hồng Nhung"),
    ("Người dân đổ về bờ sông cổ vũ từ sáng sớm", "Hồng Nhung"),
    ("Nghi thức cúng trăng trong đêm rằm tháng Mười", "Thạch Sô Phêng"),
    ("Thả đèn nước trên hồ Nước Ngọt", "Thạch Sô Phêng"),
    ("Đội ghe chùa Chông Nô về nhất nội dung nam", "Hồng Nhung"),
    ("Du khách chụp ảnh cùng ghe Ngo", "Minh Tâm"),
]
LONGFORM_PARAGRAPHS = [
    "Mỗi mùa nước nổi, những cánh đồng ven sông Hậu lại khoác lên mình màu áo mới. Ở đó, "
    "người nông dân Sóc Trăng bắt đầu một hành trình quen thuộc mà không bao giờ cũ.",
    "Ông Lâm Văn Sơn đã gắn bó với ruộng lúa thơm hơn ba mươi năm. Từ giống lúa mùa năm xưa "
    "đến ST25 hôm nay, ông nhớ từng vụ được mùa và cả những vụ mất trắng vì hạn mặn.",
    "Sau nhiều năm, hợp tác xã của ông đã liên kết với doanh nghiệp, bao tiêu toàn bộ sản "
    "lượng. Giá lúa ổn định, người trồng yên tâm đầu tư vào giống tốt và quy trình sạch.",
    "Con đường phía trước vẫn còn nhiều thử thách, nhưng với những người như ông Sơn, hạt gạo "
    "Sóc Trăng sẽ còn đi xa hơn nữa.",
]


def _load_rich_articles(now) -> int:
    """The demo's photo story (its gallery is the page) and long-form feature."""
    made = 0
    section = Section.objects.in_language("vi").get(slug="doi-song-xa-hoi")
    if not Article.objects.filter(import_key="demo:gallery").exists():
        frames = [{"type": "item", "id": str(uuid.uuid5(uuid.NAMESPACE_URL, caption)), "value": {
            "image": _demo_image(f"Ảnh phóng sự: {caption}", 300 + index).pk,
            "caption": caption, "credit": credit}}
            for index, (caption, credit) in enumerate(GALLERY_FRAMES)]
        when = now - timedelta(hours=5)
        body = [
            {"type": "paragraph", "value": "<p>Lễ hội Oóc Om Bóc - Đua ghe Ngo qua ống kính "
                                           "phóng viên Đài.</p>"},
            {"type": "gallery", "value": {"title": "Lễ hội Oóc Om Bóc", "images": frames}},
        ]
        _publish_demo(Article(
            title="Phóng sự ảnh: Sắc màu lễ hội Oóc Om Bóc", layout="gallery",
            sapo="Những khoảnh khắc đẹp của lễ hội truyền thống đồng bào Khmer Sóc Trăng.",
            body=body, byline="Ảnh: Hồng Nhung, Thạch Sô Phêng", primary_section=section,
            featured_image_id=frames[0]["value"]["image"],
            featured_image_caption=GALLERY_FRAMES[0][0], published_at=when,
            import_key="demo:gallery", is_featured=True, view_count=820), when)
        made += 1
    if not Article.objects.filter(import_key="demo:longform").exists():
        cover = _demo_image("Ảnh emagazine: Cánh đồng lúa ST25 mùa thu hoạch", 400)
        wide = _demo_image("Ảnh emagazine: Hợp tác xã lúa thơm ven sông Hậu", 401)
        first, second, third, fourth = LONGFORM_PARAGRAPHS
        body = [
            {"type": "paragraph", "value": f"<p>{first}</p>"},
            {"type": "paragraph", "value": f"<p>{second}</p>"},
            {"type": "quote", "value": {"text": "Hạt gạo ngon nhất thế giới bắt đầu từ "
                                                "bàn tay người nông dân.",
                                        "attribution": "Ông Lâm Văn Sơn", "pull": True}},
            {"type": "image", "value": {"image": wide.pk, "full_width": True,
                                        "caption": "Hợp tác xã lúa thơm ven sông Hậu",
                                        "credit": "Minh Tâm"}},
            {"type": "paragraph", "value": f"<p>{third}</p>"},
            {"type": "paragraph", "value": f"<p>{fourth}</p>"},
        ]
        when = now - timedelta(hours=9)
        _publish_demo(Article(
            title="eMagazine: Hành trình hạt gạo ST25", layout="longform", ai_assisted=True,
            sapo="Từ cánh đồng ven sông Hậu đến bàn ăn khắp thế giới: câu chuyện của những "
                 "người làm nên thương hiệu gạo Sóc Trăng.",
            body=body, byline="Bài: Thanh Tùng - Ảnh: Minh Tâm",
            primary_section=Section.objects.in_language("vi").get(slug="nong-nghiep-nong-thon"),
            featured_image=cover, featured_image_caption="Cánh đồng lúa ST25 mùa thu hoạch",
            published_at=when, import_key="demo:longform", view_count=1240), when)
        made += 1
    return made


def _publish_demo(article: Article, when) -> None:
    article.updated_at = article.first_published_at = article.last_published_at = when
    article.live = True
    article.save()
    article.save_revision(log_action=False).publish(log_action=False)
    Article.objects.filter(pk=article.pk).update(published_at=when, updated_at=when)

# The demo week of "Lịch phát sóng": per channel, one day's running order (start, minutes,
# programme code, title), repeated Monday to Sunday with a film or a Khmer show that changes.
SCHEDULE_PROGRAMMES = [
    # (channel code, slug, name, code, language)
    ("stv1", "thoi-su", "Thời sự Sóc Trăng", "TS", "vi"),
    ("stv1", "nong-nghiep-nong-thon", "Nông nghiệp - Nông thôn", "NN", "vi"),
    ("stv1", "suc-khoe-cong-dong", "Sức khỏe cộng đồng", "SK", "vi"),
    ("stv2", "thoi-su-tieng-khmer", "ព័ត៌មានភាសាខ្មែរ", "KM-TS", "km"),
    ("stv2", "van-hoa-khmer", "Văn hóa Khmer Sóc Trăng", "KM-VH", "vi"),
    ("radio", "tap-chi-phat-thanh", "Tạp chí Phát thanh Sóc Trăng", "PT-TC", "vi"),
    ("radio", "thoi-su-phat-thanh", "Thời sự phát thanh", "PT-TS", "vi"),
]
DAY_PLANS = {
    "stv1": [("05:30", 30, "TS", "Thời sự sáng"), ("06:00", 45, "NN", "Nông nghiệp - Nông thôn"),
             ("06:45", 75, "", "Ca nhạc buổi sáng"), ("11:30", 30, "TS", "Thời sự trưa"),
             ("12:00", 30, "SK", "Sức khỏe cộng đồng"), ("12:30", 90, "", "Phim truyện: {film}"),
             ("18:00", 30, "NN", "Bạn nhà nông"), ("19:00", 45, "TS", "Thời sự tối"),
             ("20:00", 90, "", "Phim truyện: {film}"), ("21:30", 60, "", "Ca nhạc tổng hợp")],
    "stv2": [("06:00", 30, "KM-TS", "ព័ត៌មានភាសាខ្មែរ"), ("06:30", 60, "KM-VH", "Văn hóa Khmer"),
             ("11:00", 30, "KM-TS", "ព័ត៌មានភាសាខ្មែរ"), ("17:30", 60, "", "Nghệ thuật Dù kê"),
             ("18:30", 30, "KM-TS", "ព័ត៌មានភាសាខ្មែរ"), ("19:00", 45, "TS", "Thời sự tối"),
             ("20:00", 60, "KM-VH", "{khmer_show}")],
    "radio": [("05:00", 30, "PT-TS", "Thời sự phát thanh sáng"),
              ("05:30", 60, "PT-TC", "Tạp chí Phát thanh Sóc Trăng"),
              ("11:00", 30, "PT-TS", "Thời sự phát thanh trưa"),
              ("16:00", 60, "", "Âm nhạc theo yêu cầu"),
              ("17:30", 30, "PT-TS", "Thời sự phát thanh chiều")],
}
FILMS = ["Đất phương Nam (tập 12)", "Mùa gió chướng", "Những cánh đồng lúa", "Sông Hậu",
         "Đất phương Nam (tập 13)", "Cù lao Dung", "Mùa nước nổi"]
KHMER_SHOWS = ["Lễ hội Oóc Om Bóc", "Nhạc ngũ âm", "Múa Rom vong", "Chùa Dơi",
               "Sân khấu Rô băm", "Ẩm thực Khmer", "Tết Chôl Chnăm Thmây"]
# The Khmer edition's titles of STV2's programmes and slots (Programme.name_km, Slot.title_km).
KHMER_TITLES = {
    "ព័ត៌មានភាសាខ្មែរ": "ព័ត៌មានភាសាខ្មែរ",
    "Văn hóa Khmer Sóc Trăng": "វប្បធម៌ខ្មែរខេត្តឃ្លាំង",
    "Văn hóa Khmer": "វប្បធម៌ខ្មែរ",
    "Nghệ thuật Dù kê": "សិល្បៈល្ខោនបាសាក់",
    "Thời sự tối": "ព័ត៌មានពេលល្ងាច",
    "Lễ hội Oóc Om Bóc": "បុណ្យអកអំបុក",
    "Nhạc ngũ âm": "ភ្លេងពិណពាទ្យ",
    "Múa Rom vong": "របាំរាំវង់",
    "Chùa Dơi": "វត្តម៉ាហាទុប",
    "Sân khấu Rô băm": "ល្ខោនរបាំ",
    "Ẩm thực Khmer": "ម្ហូបខ្មែរ",
    "Tết Chôl Chnăm Thmây": "បុណ្យចូលឆ្នាំថ្មី",
}


def load_schedule() -> int:
    """Programmes with scheduler codes and this week's slots (Monday to Sunday, local time) on
    STV1, STV2 and the radio. Only days without any slot are filled, so a rerun adds nothing."""
    for code, name, kind, language, order in (
            ("stv1", "STV1", Channel.Kind.TELEVISION, "vi", 1),
            ("stv2", "STV2", Channel.Kind.TELEVISION, "km", 2),
            ("radio", "Phát thanh Sóc Trăng", Channel.Kind.RADIO, "vi", 3)):
        Channel.objects.get_or_create(code=code, defaults={
            "name": name, "kind": kind, "language": language, "sort_order": order})
    channels = {channel.code: channel for channel in Channel.objects.filter(
        code__in=DAY_PLANS)}
    programmes: dict[str, Programme] = {}
    for channel_code, slug, name, code, language in SCHEDULE_PROGRAMMES:
        programme, _ = Programme.objects.get_or_create(slug=slug, defaults={
            "name": name, "channel": channels[channel_code], "code": code, "language": language,
            "kind": "audio" if channel_code == "radio" else "video"})
        if not programme.code:
            programme.code = code
            programme.save(update_fields=["code"])
        if channel_code == "stv2" and not programme.name_km and name in KHMER_TITLES:
            programme.name_km = KHMER_TITLES[name]
            programme.save(update_fields=["name_km"])
        programmes[code] = programme
    new: list[Slot] = []
    for offset, day in enumerate(week_of(today())):
        start, end = day_bounds(day)
        for channel_code, plan in DAY_PLANS.items():
            channel = channels[channel_code]
            if Slot.objects.filter(channel=channel, starts_at__gte=start,
                                   starts_at__lt=end).exists():
                continue
            for clock, minutes, code, title in plan:
                hours, mins = (int(part) for part in clock.split(":"))
                begins = start + timedelta(hours=hours, minutes=mins)
                title = title.format(film=FILMS[offset], khmer_show=KHMER_SHOWS[offset])
                new.append(Slot(
                    channel=channel, starts_at=begins, ends_at=begins + timedelta(minutes=minutes),
                    title=title, code=code, programme=programmes.get(code),
                    title_km=KHMER_TITLES.get(title, "") if channel_code == "stv2" else ""))
    Slot.objects.bulk_create(new)
    # Slots loaded before the Khmer titles existed get them too.
    for title, title_km in KHMER_TITLES.items():
        Slot.objects.filter(channel=channels["stv2"], title=title, title_km="").update(
            title_km=title_km)
    return len(new)






RADIO_PROGRAMME = ("Nông nghiệp sáng", "nong-nghiep-sang",
                   "Chương trình phát thanh dành cho bà con nông dân: kỹ thuật canh tác, giá "
                   "cả nông sản và thời tiết.")
# (programme slug, title, description, kind, hours ago, tone Hz)
EPISODES = [
    ("thoi-su", "Thời sự trưa: khai mạc tuần lễ văn hóa Khmer",
     "Bản tin trưa với các hoạt động khai mạc tuần lễ văn hóa, thể thao và du lịch.",
     MediaKind.VIDEO, 3, 440),
    ("thoi-su", "Thời sự tối: mùa nước nổi về sớm",
     "Bà con vùng ven sông chuẩn bị ứng phó mùa nước nổi.", MediaKind.VIDEO, 27, 523),
    ("nong-nghiep-sang", "Kỹ thuật trồng lúa thơm ST25 mùa khô",
     "Kỹ sư nông nghiệp hướng dẫn chọn giống, gieo sạ và bón phân cho lúa ST25.",
     MediaKind.AUDIO, 5, 330),
    ("nong-nghiep-sang", "Nuôi tôm càng xanh trên ruộng lúa",
     "Mô hình luân canh tôm - lúa giúp nông dân tăng thu nhập.", MediaKind.AUDIO, 29, 392),
]
DEMO_CLIP_SECONDS = 4


def _make_clip(folder, kind: str, tone: int):
    """A few seconds of ffmpeg's test picture with a tone (video) or the tone alone (audio)."""
    sine = ["-f", "lavfi", "-i",
            f"sine=frequency={tone}:sample_rate=44100:duration={DEMO_CLIP_SECONDS}"]
    if kind == MediaKind.VIDEO:
        path = folder / f"demo-{tone}.mp4"
        args = ["-f", "lavfi", "-i",
                f"testsrc=size=1280x720:rate=25:duration={DEMO_CLIP_SECONDS}", *sine,
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest"]
    else:
        path = folder / f"demo-{tone}.wav"
        args = sine
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args,
                    str(path)], check=True, timeout=120)
    return path


def load_episodes() -> tuple[int, str]:
    """Programmes with episodes that play: clips made by ffmpeg, transcoded here (in the
    command, never in a request) and published once ready. Returns (episodes made, note)."""
    if not getattr(settings, "DEMO_EPISODE_MEDIA", True):
        return 0, "Demo episodes skipped (DEMO_EPISODE_MEDIA is off)."
    if not (shutil.which("ffmpeg") and shutil.which("ffprobe")):
        return 0, ("ffmpeg not found: demo episodes skipped. Install it (apt-get install ffmpeg) "
                   "and run `make demo` again.")
    radio, _ = Channel.objects.get_or_create(code="radio", defaults={
        "name": "Phát thanh Sóc Trăng", "kind": Channel.Kind.RADIO, "sort_order": 3})
    Programme.objects.get_or_create(slug=RADIO_PROGRAMME[1], defaults={
        "name": RADIO_PROGRAMME[0], "description": RADIO_PROGRAMME[2], "channel": radio,
        "kind": MediaKind.AUDIO})
    now = timezone.now().replace(second=0, microsecond=0)
    made = 0
    with tempfile.TemporaryDirectory(prefix="toasoan-demo-") as scratch:
        for slug, title, description, kind, hours_ago, tone in EPISODES:
            episode = Episode.objects.filter(programme__slug=slug, title=title).first()
            if episode is not None and episode.live:
                continue
            if episode is None:
                episode = Episode.objects.create(
                    programme=Programme.objects.get(slug=slug), title=title,
                    description=description, live=False,
                    published_at=now - timedelta(hours=hours_ago))
            if not episode.media_ready:
                clip = _make_clip(Path(scratch), kind, tone)
                with clip.open("rb") as handle:
                    name = episode.source_file.storage.save(
                        f"episodes/source/demo/{clip.name}", File(handle))
                # update(): no signal, so no background task; the transcode runs right here.
                Episode.objects.filter(pk=episode.pk).update(source_file=name)
                if process_episode(episode.pk, name) != Episode.State.READY:
                    episode.refresh_from_db()
                    raise RuntimeError(f"Demo episode {title!r}: {episode.media_error}")
                episode.refresh_from_db()
            episode.save_revision(log_action=False).publish(log_action=False)
            made += 1
    return made, ""


def load_article_audio() -> tuple[int, str]:
    """The first demo story read aloud by the machine voice, made here (in the command, never in
    a request) so the player is there at once; the other stories get theirs from the task worker
    (queued when they were published). Returns (readings made, note)."""
    if not (shutil.which("ffmpeg") and shutil.which("espeak-ng")):
        return 0, ("espeak-ng or ffmpeg not found: no demo article audio. Install them "
                   "(make system-espeak, apt-get install ffmpeg) and run `make demo` again.")
    article = Article.objects.filter(import_key="demo:1").first()
    if article is None:
        return 0, ""
    audio = ArticleAudio.objects.filter(pk=article.pk).first()
    if audio is not None and audio.speech_state == AudioState.READY:
        return 0, ""
    state = request_speech(article)
    if not state:
        return 0, "Demo article audio skipped (LISTEN_ENGINE is empty)."
    if state == AudioState.PENDING:
        state = make_speech(article.pk, ArticleAudio.objects.get(pk=article.pk).speech_key)
    if state != AudioState.READY:
        error = ArticleAudio.objects.filter(pk=article.pk).values_list(
            "speech_error", flat=True).first()
        return 0, f"Demo article audio not made: {state} {error or ''}".strip()
    return 1, ""
