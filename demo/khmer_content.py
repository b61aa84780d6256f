"""The Khmer edition's demo content: its own section tree, articles about Sóc Trăng's Khmer life
written for the project, one translation of a Vietnamese demo story (reachable through the
language switch), and a notice. Created once by `load_demo_content`, safe to run again."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale

from news.models import Article, Section
from notices.models import Announcement

KHMER = "km"
# (name, slug, slug of the Vietnamese section it translates, or None for a Khmer-only section)
SECTIONS = [
    ("ព័ត៌មានក្នុងស្រុក", "tin-dia-phuong", "tin-dia-phuong"),
    ("វប្បធម៌ និងប្រពៃណី", "van-hoa-truyen-thong", None),
    ("កសិកម្ម", "nong-nghiep", None),
]
# The Vietnamese demo story (import key) the first article translates.
TRANSLATED_FROM = "demo:15"

# (key, section slug, ASCII slug, title, sapo, paragraphs, caption, byline, days ago, featured)
ARTICLES = [
    ("demo:km:1", "tin-dia-phuong", "doi-ghe-ngo-tap-luyen-chuan-bi-le-hoi-ooc-om-boc",
     "ក្រុមទូកងហ្វឹកហាត់យ៉ាងសកម្ម ត្រៀមចូលរួមបុណ្យអកអំបុក",
     "ក្រុមទូកងរបស់វត្តខ្មែរនានាបានចាប់ផ្ដើមហ្វឹកហាត់នៅលើទន្លេម៉ាស្ប៉េរ៉ូ "
     "ត្រៀមខ្លួនសម្រាប់រដូវបុណ្យឆ្នាំនេះ។",
     ["ទូកងនីមួយៗមានប្រវែងជិត ៣០ ម៉ែត្រ និងមានអ្នកអុំជាង ៥០ នាក់។ ព្រះសង្ឃ "
      "និងពុទ្ធបរិស័ទក្នុងភូមិស្រុកបានរួមគ្នាជួសជុល និងលាបពណ៌គូរក្បាច់បុរាណឡើងវិញ។",
      "គណៈកម្មការរៀបចំរំពឹងថានឹងមានក្រុមជាង ៦០ ចូលរួមប្រកួតប្រជែង ទាំងផ្នែកបុរស និងនារី។ "
      "សកម្មភាពវប្បធម៌ និងម្ហូបអាហារជាច្រើន ក៏នឹងប្រព្រឹត្តទៅក្នុងសប្ដាហ៍បុណ្យនេះផងដែរ។"],
     "ក្រុមទូកងមួយកំពុងហ្វឹកហាត់នៅលើទន្លេ។", "អត្ថបទ និងរូបថត៖ សឺន ទី", 1, True),
    ("demo:km:2", "tin-dia-phuong", "lop-hoc-tieng-khmer-dip-he",
     "ថ្នាក់រៀនភាសាខ្មែររដូវវិស្សមកាល ទាក់ទាញសិស្សរាប់ពាន់នាក់",
     "ក្នុងរដូវវិស្សមកាលឆ្នាំនេះ វត្តខ្មែរនានាក្នុងខេត្តសុកត្រាំងបានបើកថ្នាក់រៀនភាសាខ្មែរ "
     "ដោយឥតគិតថ្លៃសម្រាប់សិស្សានុសិស្ស។",
     ["ព្រះសង្ឃ និងគ្រូបង្រៀនស្ម័គ្រចិត្តបានបង្រៀនការអាន ការសរសេរ និងវេយ្យាករណ៍ខ្មែរ។ "
      "សិស្សខ្លះក៏បានរៀនរាំរបាំប្រពៃណី និងលេងភ្លេងពិណពាទ្យផងដែរ។",
      "ឪពុកម្ដាយជាច្រើនបានសម្ដែងការពេញចិត្ត ព្រោះកូនៗរបស់ពួកគេអាចអានសៀវភៅធម៌ "
      "និងសរសេរសំបុត្រជាភាសាកំណើតរបស់ខ្លួនបាន។"],
     "សិស្សានុសិស្សរៀនអក្សរខ្មែរនៅសាលាឆាន់របស់វត្ត។", "លី សុខា", 3, False),
    ("demo:km:3", "van-hoa-truyen-thong", "le-cung-trang-ooc-om-boc",
     "បុណ្យអកអំបុក៖ ពិធីសំពះព្រះខែ ប្រពៃណីដ៏ល្អរបស់ជនជាតិខ្មែរនៅសុកត្រាំង",
     "រៀងរាល់ថ្ងៃពេញបូណ៌មីខែកត្ដិក ប្រជាជនខ្មែរនៅខេត្តសុកត្រាំងប្រារព្ធពិធីសំពះព្រះខែ "
     "ដើម្បីអរគុណព្រះចន្ទដែលបានប្រទានទឹកភ្លៀង និងផលដំណាំពេញមួយឆ្នាំ។",
     ["នៅពេលល្ងាច គ្រួសារនីមួយៗរៀបចំតុគ្រឿងសក្ការៈនៅទីធ្លាផ្ទះ ឬនៅបរិវេណវត្ត ដោយមានអំបុក "
      "ចេក ដំឡូង ដូង និងនំចំណីផ្សេងៗ។ នៅពេលព្រះចន្ទរះពេញវង់ មនុស្សចាស់ក្នុងគ្រួសារបញ្ចុកអំបុក"
      "ដល់កូនក្មេង ហើយសួរពួកគេអំពីបំណងប្រាថ្នាសម្រាប់ឆ្នាំខាងមុខ។",
      "អំបុកធ្វើពីស្រូវខ្ចីដែលលីងឲ្យឆ្អិន រួចបុកក្នុងត្បាល់ឲ្យសំប៉ែត។ សំឡេងអង្រែបុកអំបុក"
      "នៅតាមភូមិ គឺជាសញ្ញាប្រាប់ថារដូវបុណ្យបានមកដល់ហើយ។",
      "ក្រៅពីពិធីសំពះព្រះខែ ពិធីបណ្ដែតប្រទីបក៏ត្រូវបានរៀបចំនៅលើទន្លេម៉ាស្ប៉េរ៉ូផងដែរ។ "
      "ប្រទីបរាប់រយដែលមានពន្លឺភ្លឺចិញ្ចែងចិញ្ចាច អណ្ដែតតាមខ្សែទឹក "
      "បង្កើតបានជាទិដ្ឋភាពដ៏ស្រស់ស្អាតដែលទាក់ទាញភ្ញៀវទេសចរពីគ្រប់ទិសទី។"],
     "ប្រជាជនរៀបចំគ្រឿងសក្ការៈក្នុងពិធីសំពះព្រះខែ។", "ថាច់ សុភ័ក្ត្រ", 2, True),
    ("demo:km:4", "van-hoa-truyen-thong", "chua-khmer-trung-tam-doi-song-cong-dong",
     "វត្តខ្មែរ៖ មជ្ឈមណ្ឌលនៃជីវិតសហគមន៍នៅភូមិស្រុក",
     "ខេត្តសុកត្រាំងមានវត្តខ្មែរជាង ៩០ ដែលមិនត្រឹមតែជាទីសក្ការបូជាប៉ុណ្ណោះទេ "
     "ប៉ុន្តែក៏ជាកន្លែងថែរក្សាភាសា អក្សរ និងសិល្បៈប្រពៃណីផងដែរ។",
     ["វត្តនីមួយៗជាកន្លែងដែលកុមារខ្មែររៀនអក្សរខ្មែរនៅរដូវវិស្សមកាល ដោយមានព្រះសង្ឃជាគ្រូបង្រៀន។ "
      "ថ្នាក់រៀនទាំងនេះជួយឲ្យក្មេងៗអាន និងសរសេរភាសាកំណើតរបស់ខ្លួនបាន។",
      "វត្តខ្លះ ដូចជាវត្តឃ្លាំង និងវត្តមហាទុប (វត្តប្រចៀវ) បានក្លាយជាកន្លែងទេសចរណ៍ដ៏ល្បីល្បាញ។ "
      "ភ្ញៀវអាចទស្សនាស្ថាបត្យកម្មដំបូលច្រើនជាន់ ក្បាច់រចនាក្បាលនាគ "
      "និងគំនូរជញ្ជាំងដែលរៀបរាប់ពីរឿងជាតក។",
      "នៅថ្ងៃបុណ្យធំៗ ដូចជាបុណ្យចូលឆ្នាំថ្មី បុណ្យភ្ជុំបិណ្ឌ និងបុណ្យកឋិនទាន "
      "ពុទ្ធបរិស័ទមកជួបជុំគ្នានៅវត្ត ដើម្បីធ្វើបុណ្យ ស្ដាប់ធម៌ទេសនា និងលេងល្បែងប្រជាប្រិយ។"],
     "ដំបូលវត្តខ្មែរមួយនៅខេត្តសុកត្រាំង។", "ថាច់ សុភ័ក្ត្រ", 4, False),
    ("demo:km:5", "van-hoa-truyen-thong", "dua-ghe-ngo-suc-manh-doan-ket",
     "ការប្រណាំងទូកង៖ កម្លាំងសាមគ្គីនៃភូមិស្រុក",
     "ការប្រណាំងទូកងនៅលើទន្លេម៉ាស្ប៉េរ៉ូ គឺជាព្រឹត្តិការណ៍កំពូលនៃបុណ្យអកអំបុក "
     "ដែលទាក់ទាញអ្នកទស្សនារាប់ម៉ឺននាក់ជារៀងរាល់ឆ្នាំ។",
     ["ទូកងត្រូវបានឆ្លាក់ពីដើមឈើធំតែមួយ ហើយរក្សាទុកនៅក្នុងវត្ត។ មុនពេលបណ្ដែតទូកចុះទឹក "
      "ព្រះសង្ឃ និងចាស់ទុំក្នុងភូមិធ្វើពិធីសែនព្រេន ដើម្បីសុំសេចក្ដីសុខ និងជ័យជម្នះ។",
      "អ្នកអុំទូកទាំងអស់ត្រូវអុំតាមចង្វាក់ស្គរ និងសំឡេងកញ្ចែរបស់អ្នកបញ្ជា។ "
      "ជ័យជម្នះមិនមែនកើតចេញពីកម្លាំងរបស់មនុស្សម្នាក់ទេ "
      "ប៉ុន្តែកើតចេញពីការរួបរួមគ្នារបស់ក្រុមទាំងមូល។",
      "សម្រាប់ប្រជាជននៅតាមភូមិ ជ័យជម្នះក្នុងការប្រណាំងទូក "
      "គឺជាកិត្តិយសរបស់វត្ត និងរបស់សហគមន៍ទាំងមូល។"],
     "ក្រុមទូកងប្រកួតប្រជែងគ្នានៅលើទន្លេ។", "សឺន ទី", 5, False),
    ("demo:km:6", "nong-nghiep", "nong-dan-trung-mua-lua-thom",
     "កសិករខេត្តសុកត្រាំងទទួលបានផលស្រូវក្រអូបល្អ និងតម្លៃខ្ពស់",
     "រដូវប្រមូលផលឆ្នាំនេះ គ្រួសារកសិករខ្មែរជាច្រើនទទួលបានទិន្នផលល្អ "
     "ដោយសារការប្រើប្រាស់ពូជស្រូវក្រអូប និងបច្ចេកទេសដាំដុះថ្មី។",
     ["ស្រូវក្រអូប ST25 ដែលបង្កាត់ពូជនៅខេត្តសុកត្រាំង ផ្ដល់ទិន្នផលប្រហែល ៦ តោនក្នុងមួយហិកតា។ "
      "ឈ្មួញបានមកទិញស្រូវដល់វាលស្រែ ក្នុងតម្លៃខ្ពស់ជាងឆ្នាំមុន។",
      "មន្ត្រីកសិកម្មបានណែនាំកសិករឲ្យកាត់បន្ថយការប្រើប្រាស់ជីគីមី និងថ្នាំកសិកម្ម "
      "ហើយចូលរួមក្នុងសហករណ៍ ដើម្បីលក់ផលិតផលបានតម្លៃស្ថិរភាព។"],
     "កសិករប្រមូលផលស្រូវនៅវាលស្រែ។", "ចៅ វណ្ណា", 2, True),
    ("demo:km:7", "nong-nghiep", "mo-hinh-lua-tom-thich-ung-man",
     "គំរូដាំស្រូវ និងចិញ្ចឹមបង្គា ជួយកសិករសម្របខ្លួននឹងទឹកប្រៃ",
     "នៅតំបន់ឆ្នេរនៃខេត្តសុកត្រាំង កសិករជាច្រើនបានប្ដូរមកធ្វើគំរូស្រូវ-បង្គា "
     "ដើម្បីសម្របខ្លួនទៅនឹងការជ្រាបចូលនៃទឹកប្រៃ។",
     ["នៅរដូវប្រាំង ពេលទឹកប្រៃហូរចូលដល់វាលស្រែ កសិករចិញ្ចឹមបង្គា។ លុះដល់រដូវវស្សា "
      "ទឹកភ្លៀងលាងជម្រះជាតិប្រៃ ហើយពួកគេដាំស្រូវលើដីដដែល។",
      "គំរូនេះជួយឲ្យគ្រួសារកសិករមានប្រាក់ចំណូលពីរដងក្នុងមួយឆ្នាំ "
      "និងកាត់បន្ថយហានិភ័យនៅពេលអាកាសធាតុប្រែប្រួល។"],
     "វាលស្រែដែលចិញ្ចឹមបង្គានៅរដូវប្រាំង។", "ចៅ វណ្ណា", 6, False),
]

ANNOUNCEMENTS = [
    ("សេចក្ដីជូនដំណឹងអំពីម៉ោងផ្សាយកម្មវិធីភាសាខ្មែរនៅលើប៉ុស្តិ៍ STV2", 2,
     "<p>ស្ថានីយវិទ្យុ និងទូរទស្សន៍សុកត្រាំង សូមជូនដំណឹងដល់ប្រិយមិត្តអ្នកទស្សនាថា "
     "កម្មវិធីភាសាខ្មែរត្រូវបានផ្សាយនៅលើប៉ុស្តិ៍ STV2 ជារៀងរាល់ថ្ងៃ "
     "ចាប់ពីម៉ោង ១៨:០០ ដល់ម៉ោង ២១:០០។</p>"),
]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def load(make_image) -> dict[str, int]:
    """Create what is missing of the Khmer demo set; `make_image(title, seed)` draws a picture."""
    created = {"sections": 0, "articles": 0, "announcements": 0}
    khmer, _ = Locale.objects.get_or_create(language_code=KHMER)
    sections = {}
    for order, (name, slug, twin) in enumerate(SECTIONS, start=1):
        section = Section.objects.filter(locale=khmer, slug=slug).first()
        if section is None:
            section = Section(name=_nfc(name), slug=slug, locale=khmer, sort_order=order)
            source = (Section.objects.filter(slug=twin).exclude(locale=khmer).first()
                      if twin else None)
            if source is not None:
                section.translation_key = source.translation_key
            section.save()
            created["sections"] += 1
        sections[slug] = section

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for seed, (key, section_slug, slug, title, sapo, paragraphs, caption, byline, days_ago,
               featured) in enumerate(ARTICLES, start=101):
        if Article.objects.filter(import_key=key).exists():
            continue
        image = make_image(_nfc(f"រូបភាពបង្ហាញ៖ {caption}"), seed)
        body = [{"type": "paragraph", "value": f"<p>{_nfc(paragraphs[0])}</p>"},
                {"type": "image", "value": {"image": image.pk, "caption": _nfc(caption),
                                            "credit": ""}}]
        body += [{"type": "paragraph", "value": f"<p>{_nfc(text)}</p>"} for text in paragraphs[1:]]
        when = now - timedelta(days=days_ago, hours=seed % 12)
        article = Article(
            title=_nfc(title), slug=slug, sapo=_nfc(sapo), body=body, byline=_nfc(byline),
            is_featured=featured, primary_section=sections[section_slug], locale=khmer,
            featured_image=image, featured_image_caption=_nfc(caption), published_at=when,
            updated_at=when, first_published_at=when, last_published_at=when, live=True,
            view_count=(seed * 61) % 900 + 25, import_key=key,
        )
        if key == "demo:km:1":
            original = Article.objects.filter(import_key=TRANSLATED_FROM).first()
            if original is not None:
                article.translation_key = original.translation_key
        article.save()
        article.save_revision(log_action=False).publish(log_action=False)
        Article.objects.filter(pk=article.pk).update(published_at=when, updated_at=when)
        created["articles"] += 1

    for title, days_ago, body in ANNOUNCEMENTS:
        if not Announcement.objects.filter(title=_nfc(title)).exists():
            Announcement.objects.create(title=_nfc(title), slug="lich-phat-song-tieng-khmer-stv2",
                                        body=_nfc(body), locale=khmer,
                                        published_at=now - timedelta(days=days_ago))
            created["announcements"] += 1
    return created
