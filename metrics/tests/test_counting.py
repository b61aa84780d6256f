from metrics.counting import RecentViews, client_id, parse_log_line
from metrics.crawlers import is_crawler
from metrics.tests.logs import BROWSER, line


def test_a_reload_within_sixty_seconds_is_not_counted_but_one_after_is():
    recent = RecentViews(60)
    assert recent.should_count(1, "c:a", 1000.0)
    assert not recent.should_count(1, "c:a", 1030.0)
    assert not recent.should_count(1, "c:a", 1059.9)
    assert recent.should_count(1, "c:a", 1060.0)
    # Another article or another reader is a separate view.
    assert recent.should_count(2, "c:a", 1060.0)
    assert recent.should_count(1, "c:b", 1060.0)


def test_the_window_forgets_old_views():
    recent = RecentViews(60)
    for i in range(1000):
        recent.should_count(1, f"c:{i}", 1000.0 + i)
    assert len(recent) <= 62


def test_client_id_uses_the_cookie_or_hashes_address_and_agent():
    assert client_id("abcdef123456", "1.2.3.4", "UA") == "c:abcdef123456"
    hashed = client_id("", "1.2.3.4", "UA")
    assert hashed.startswith("h:") and hashed == client_id("bad cookie!", "1.2.3.4", "UA")
    assert hashed != client_id("", "1.2.3.5", "UA")
    assert hashed != client_id("", "1.2.3.4", "UA2")


def test_known_crawlers_are_recognised_and_browsers_are_not():
    for agent in [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; Zalo-bot/1.0)", "ZaloPC-win32-24v512",
        "Mozilla/5.0 (compatible; YandexBot/3.0)", "Baiduspider/2.0", "AhrefsBot/7.0",
        "SemrushBot/7~bl", "DuckDuckBot/1.1", "Applebot/0.1", "Yahoo! Slurp", "PetalBot",
    ]:
        assert is_crawler(agent), agent
    assert not is_crawler(BROWSER)
    assert not is_crawler("curl/8.5.0")


def test_parse_accepts_nginx_lines_and_rejects_garbage():
    hit = parse_log_line(line(1764300000.123, 42, cookie="abcdefgh1234"))
    assert hit is not None
    assert (hit.article_id, hit.client, hit.crawler) == (42, "c:abcdefgh1234", False)
    assert parse_log_line(line(1764300000.1, 42, cookie="-")).client.startswith("h:")
    for bad in [b"", b"\n", b"garbage\n", line(1764300000, "abc"), line(1764300000, "-5"),
                line(1764300000, "0"), line(1764300000, "9" * 30),
                b"nan\t1\t-\t1.1.1.1\tUA\n", b"1e300\t1\t-\t1.1.1.1\tUA\n",
                b"\xff\xfe\t\x00\n", b"1764300000.1\t42\t-\t" + b"x" * 5000 + b"\n"]:
        assert parse_log_line(bad) is None, bad
