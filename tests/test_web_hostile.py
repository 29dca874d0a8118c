"""huigu serve against hostile input: a report full of HTML and script, requests without
the token, paths smuggled through ids and names, oversized, broken and bomb uploads, an
ingest running in another process while people read, and Ctrl-C."""
from __future__ import annotations

import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from helpers_hostile import docx_with, zeros_member

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "reports"
HOSTILE = """云溪市网信办2024年工作总结
一、2024年主要工作
（一）加强安全宣传。开展网络安全宣传周活动<script>alert('xss')</script>，覆盖群众3万人次，发放宣传册2万份。
（二）防范网络钓鱼。识别<img src=x onerror=alert(1)>类钓鱼邮件1200封，<a href="javascript:alert(2)">点此查看</a>处置情况。
（三）规范信息发布。清理</textarea><mark>伪造高亮</mark>" onmouseover="alert(3)' 等异常字样，\ue000私用区字符\ue001也照原样显示。
二、2025年工作计划
（一）持续加强安全宣传。全年开展网络安全进社区活动20场次，<iframe src="http://evil.example/"></iframe>覆盖群众5万人次。
"""
DRAFT = ("（一）深化科技特派员制度。上半年选派科技特派员58名，围绕茶叶、黄精、食用菌等特色产业组建科技特派员服务团10个，"
         "开展技术培训120场次。")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    from huigu.ingest.runner import ingest

    folder = tmp_path_factory.mktemp("hostile") / "网信办"
    folder.mkdir()
    (folder / "2024年工作总结.txt").write_text(HOSTILE, encoding="utf-8")
    index = folder.parent / "index"
    report = ingest([folder], index, workers=1)
    assert not report.skipped, report.skipped
    return index, folder


@pytest.fixture(scope="module")
def hostile_client(hostile_index):
    from huigu.web import create_app

    index, folder = hostile_index
    return create_app(index, sources=[folder]).test_client()


@pytest.fixture(scope="module")
def sample_client(sample_index):
    from huigu.web import create_app

    return create_app(sample_index, sources=[SAMPLES]).test_client()


def raw_markup_problems(html: str) -> list[str]:
    """Markup from the report that reached the page as markup."""
    problems = []
    for pattern in (r"<script>alert", r"<script(?![^>]*\bsrc=)", r"<img\b", r"<iframe\b", r"href=\"javascript:",
                    r"<[^>]*\son\w+=", r"</textarea><mark>"):
        if re.search(pattern, html):
            problems.append(pattern)
    return problems


# ── escaping ─────────────────────────────────────────────────────────────────


def test_hostile_report_shows_as_text_everywhere(hostile_client):
    hits = hostile_client.get("/api/search?q=安全宣传").get_json()["results"]
    assert hits, "the hostile report should be searchable"
    passage_id, doc_id = hits[0]["id"], hits[0]["doc"]["id"]
    phishing = hostile_client.get("/api/search?q=钓鱼邮件").get_json()["results"][0]["id"]
    odd = hostile_client.get("/api/search?q=伪造高亮").get_json()["results"][0]["id"]
    pages = ["/?q=安全宣传", "/?q=钓鱼邮件", "/?q=伪造高亮", f"/d/{doc_id}", f"/p/{passage_id}", f"/p/{phishing}",
             f"/p/{odd}", "/docs", "/stats", "/audit?year=2025"]
    for url in pages:
        response = hostile_client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert not raw_markup_problems(html), (url, raw_markup_problems(html))
    document = hostile_client.get(f"/d/{doc_id}").get_data(as_text=True)
    # (cleaning makes brackets full width inside Chinese text: alert（1）)
    assert re.search(r"&lt;script&gt;alert[(（]&#39;xss&#39;[)）]&lt;/script&gt;", document)
    assert "&lt;img src=x onerror=alert（1）&gt;" in document
    assert "&lt;a href=&#34;javascript:alert（2）&#34;&gt;点此查看&lt;/a&gt;" in document
    assert "&lt;/textarea&gt;&lt;mark&gt;伪造高亮&lt;/mark&gt;" in document
    # the source file's own lines, read back for the passage page, are escaped the same way
    source = hostile_client.get(f"/p/{phishing}").get_data(as_text=True)
    assert 'class="cited"' in source and "&lt;img src=x onerror=alert(1)&gt;" in source


def test_highlight_marks_only_the_query(hostile_client):
    html = hostile_client.get("/?q=伪造高亮").get_data(as_text=True)
    assert "&lt;mark&gt;<mark>伪造高亮</mark>&lt;/mark&gt;" in html
    assert "\ue000" not in html and "\ue001" not in html  # the page's own placeholder characters are dropped


def test_pasted_hostile_draft_is_escaped(hostile_client):
    text = HOSTILE.splitlines()[2]
    response = hostile_client.post("/reuse", data={"text": text})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert not raw_markup_problems(html)
    assert "&lt;script&gt;alert" in html


def test_every_page_forbids_inline_and_remote_script(hostile_client):
    for url in ("/", "/?q=安全宣传", "/docs", "/stats", "/reuse", "/audit", "/nowhere", "/api/docs"):
        response = hostile_client.get(url)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'none'" in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        html = response.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", html), url
        assert not re.search(r"\son[a-z]+=", html), url  # no inline event handlers
        assert not re.search(r"(src|href)=\"(https?:)?//", html), url  # nothing from elsewhere


def test_templates_and_static_files_name_nothing_remote():
    web = ROOT / "src" / "huigu" / "web"
    for path in [*web.glob("templates/*.html"), *web.glob("static/*")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), path.name
        assert "|safe" not in text and "Markup(" not in text, path.name


# ── the token ───────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def locked(sample_index):
    from huigu.web import create_app

    return create_app(sample_index, token="s3cret-Token").test_client()


@pytest.mark.parametrize("url", ["/", "/?q=科技", "/docs", "/d/04774c1a-1", "/static/huigu.css", "/api/search?q=科技",
                                 "/api/docs", "/audit.xlsx", "/nowhere"])
def test_without_the_token_everything_is_401(locked, url):
    response = locked.get(url)
    assert response.status_code == 401
    body = response.get_data(as_text=True)
    assert "访问口令" in body and "科技特派员" not in body
    assert locked.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert locked.get(url + ("&" if "?" in url else "?") + "token=s3cret-Toke").status_code == 401


def test_posts_need_the_token_too(locked):
    response = locked.post("/api/similar", data={"text": DRAFT})
    assert response.status_code == 401 and "访问口令" in response.get_json()["error"]


def test_bearer_header_opens_the_api(locked):
    response = locked.get("/api/search?q=科技特派员", headers={"Authorization": "Bearer s3cret-Token"})
    assert response.status_code == 200 and response.get_json()["results"]


def test_token_once_in_the_address_then_a_cookie(sample_index):
    from huigu.web import create_app

    client = create_app(sample_index, token="s3cret-Token").test_client()
    first = client.get("/?q=科技特派员&token=s3cret-Token")
    assert first.status_code == 303
    assert first.headers["Location"].endswith("/?q=%E7%A7%91%E6%8A%80%E7%89%B9%E6%B4%BE%E5%91%98")
    cookie = first.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/?q=科技特派员").status_code == 200
    with client.get("/static/huigu.js") as script:
        assert script.status_code == 200


# ── nothing reaches the file system ─────────────────────────────────────────


@pytest.mark.parametrize("url", [
    "/d/..%2F..%2Fetc%2Fpasswd", "/d/../../etc/passwd", "/p/..%2Findex", "/p/04774c1a-1.19%00",
    "/api/show/..%2F..%2Fetc%2Fpasswd", "/api/show/%2Fetc%2Fpasswd", "/static/..%2Fapp.py", "/static/../app.py",
    "/static/%2e%2e/app.py", "/d/04774c1a-1%2F..%2F..", "/api/show/04774c1a-1.19/../../..",
])
def test_traversal_through_the_address(sample_client, url):
    response = sample_client.get(url)
    assert response.status_code in (404, 400), url
    body = response.get_data(as_text=True)
    assert "root:" not in body and "def create_app" not in body


def test_traversal_through_the_form(sample_client):
    response = sample_client.post("/api/overlap", data={"text": DRAFT, "b": "../../etc/passwd"})
    assert response.status_code == 400 and "文档编号" in response.get_json()["error"]
    response = sample_client.get("/api/search?q=科技&index=/etc")  # no request names the knowledge base
    assert response.status_code == 200


def test_upload_name_cannot_leave_the_temporary_folder(sample_client, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    for name in ("../../evil.txt", "..\\..\\evil.txt", "/etc/cron.d/evil.txt", "....//evil.txt"):
        response = sample_client.post("/api/similar", data={"file": (io.BytesIO(DRAFT.encode()), name)},
                                      content_type="multipart/form-data")
        assert response.status_code == 200, name
        shown = response.get_json()["input"]
        assert shown.endswith("evil.txt") and "/" not in shown and "\\" not in shown
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["tmp"]


def test_source_lines_only_from_catalogued_files_inside_the_roots(tmp_path):
    from huigu.web.sources import locate

    root = tmp_path / "reports"
    (root / "a").mkdir(parents=True)
    (root / "a" / "x.txt").write_text("一\n", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("机密\n", encoding="utf-8")
    (root / "a" / "link.txt").symlink_to(outside)
    catalog = {"reports/a/x.txt": "h", "reports/../secret.txt": "h", "reports/a/link.txt": "h", "/etc/passwd": "h"}
    assert locate("reports/a/x.txt", [root], catalog) == (root / "a" / "x.txt").resolve()
    assert locate("reports/a/x.txt", [tmp_path], catalog) == (root / "a" / "x.txt").resolve()  # the root's parent
    assert locate("reports/a/x.txt", [root], {}) is None  # not in the catalog
    assert locate("reports/../secret.txt", [root], catalog) is None
    assert locate("reports/a/link.txt", [root], catalog) is None  # a link out of the root
    assert locate("/etc/passwd", [root, Path("/")], catalog) is None


# ── uploads ─────────────────────────────────────────────────────────────────


# Werkzeug's test client spools a large multipart body to a temporary file it does not
# close; collected inside the test, its ResourceWarning is the client's, not the app's.
big_body = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning", "ignore::ResourceWarning")


@pytest.fixture
def collect_after():
    yield
    import gc

    gc.collect()


@big_body
@pytest.mark.usefixtures("collect_after")
def test_a_100_mb_txt_gets_a_clear_line(sample_client):
    big = io.BytesIO(b"a" * (100 * 1024 * 1024))
    response = sample_client.post("/reuse", data={"file": (big, "草稿.txt")}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "上传的文件太大：最多 10 MB" in response.get_data(as_text=True)
    api = sample_client.post("/api/similar", data={"file": (io.BytesIO(b"a" * (11 * 1024 * 1024)), "x.txt")},
                             content_type="multipart/form-data")
    assert api.status_code == 413 and "太大" in api.get_json()["error"]
    assert sample_client.get("/?q=科技特派员").status_code == 200


@big_body
@pytest.mark.usefixtures("collect_after")
def test_a_zip_bomb_docx_is_refused_and_the_server_goes_on(sample_client):
    bomb = docx_with({"word/document.xml": zeros_member("word/document.xml", 512 * 1024 * 1024,
                                                        prefix=b'<?xml version="1.0"?><w:document ')})
    assert len(bomb) < 2 * 1024 * 1024
    started = time.monotonic()
    response = sample_client.post("/reuse", data={"file": (io.BytesIO(bomb), "草稿.docx")},
                                  content_type="multipart/form-data")
    assert time.monotonic() - started < 30
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "无法读取" in page and "Traceback" not in page
    assert sample_client.get("/api/search?q=科技特派员").status_code == 200


@pytest.mark.parametrize("name,data,words", [
    ("草稿.docx", b"PK\x03\x04 this is not a real zip archive at all", "无法读取"),
    ("草稿.docx", b"\x00\x01\x02" * 1000, "无法读取"),
    ("草稿.txt", bytes(range(256)) * 400, "无法读取"),
    ("草稿.exe", b"MZ\x90\x00", "只能上传 .docx / .txt / .md"),
    ("草稿.pdf", b"%PDF-1.4", "只能上传 .docx / .txt / .md"),
    ("草稿.txt", "短".encode(), "没有足够长的段落"),
])
def test_broken_and_unwanted_uploads(sample_client, name, data, words):
    response = sample_client.post("/api/similar", data={"file": (io.BytesIO(data), name)},
                                  content_type="multipart/form-data")
    assert response.status_code == 400
    assert words in response.get_json()["error"]
    page = sample_client.post("/reuse", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")
    assert page.status_code == 400 and words in page.get_data(as_text=True)


def test_a_draft_past_the_time_limit_gets_a_line_and_is_still_deleted(sample_index, tmp_path, monkeypatch):
    import tempfile

    from huigu.web import create_app

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client = create_app(sample_index, upload_seconds=0.001).test_client()
    response = client.post("/api/similar", data={"text": DRAFT * 200})
    assert response.status_code == 400 and "秒仍未完成" in response.get_json()["error"]
    deadline = time.monotonic() + 60
    while list(tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(tmp_path.iterdir()) == []


def test_read_only(sample_client):
    for method in ("put", "delete", "patch"):
        for url in ("/api/docs", "/d/04774c1a-1", "/api/show/04774c1a-1"):
            response = getattr(sample_client, method)(url)
            assert response.status_code == 405
    assert sample_client.post("/docs").status_code == 405
    assert "不能修改知识库" in sample_client.post("/api/search?q=科技").get_json()["error"]


# ── unexpected errors ───────────────────────────────────────────────────────


def test_an_unexpected_error_is_a_chinese_500_without_a_traceback(sample_index, tmp_path):
    from huigu.web import create_app

    app = create_app(sample_index)

    @app.get("/boom")
    def boom():  # a fault in a view: what a person sees of it
        raise RuntimeError("internal detail /srv/secret")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "服务器内部错误" in body and "Traceback" not in body and "/srv/secret" not in body


def test_an_index_removed_under_the_server(sample_index, tmp_path):
    from huigu.web import create_app

    index = tmp_path / "index"
    shutil.copytree(sample_index, index)
    client = create_app(index).test_client()
    assert client.get("/api/search?q=科技特派员").status_code == 200
    shutil.rmtree(index)
    for url in ("/?q=科技特派员", "/api/search?q=科技", "/docs", "/stats"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code in (200, 400, 500), url
        assert "Traceback" not in body and re.search(r"[\u4e00-\u9fff]", body)


# ── a live server: many readers while an ingest runs, the token, Ctrl-C ─────


def start_server(*args, env=None):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", "from huigu.cli import main; main()", "serve", "--port", str(port), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Ctrl-C" in line:
            while time.monotonic() < deadline:  # the line is printed just before waitress listens
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    return process, port, lines
                except OSError:
                    time.sleep(0.1)
    process.kill()
    raise AssertionError("server did not start: " + "".join(lines) + process.stderr.read())


def fetch(url, headers=None):
    request = urllib.request.Request(urllib.parse.quote(url, safe=":/?=&%"), headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace"), response.headers
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace"), err.headers


def stop(process):
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    return process.returncode, out, err


def test_lan_address_needs_a_token_generated_once(sample_index):
    process, port, lines = start_server("--index", str(sample_index), "--host", "0.0.0.0")
    try:
        text = "".join(lines)
        token = re.search(r"访问口令（自动生成，只显示这一次）：(\S+)", text).group(1)
        assert len(token) >= 20
        status, body, _ = fetch(f"http://127.0.0.1:{port}/?q=科技")
        assert status == 401 and "访问口令" in body
        status, body, _ = fetch(f"http://127.0.0.1:{port}/api/search?q=科技特派员",
                                {"Authorization": f"Bearer {token}"})
        assert status == 200 and "科技特派员" in body
    finally:
        code, out, err = stop(process)
    assert code == 0 and "已停止" in out and "Traceback" not in err
    assert token not in out  # printed once, at start


def test_ctrl_c_stops_cleanly(sample_index):
    process, port, _ = start_server("--index", str(sample_index))
    status, _, _ = fetch(f"http://127.0.0.1:{port}/?q=科技特派员")
    assert status == 200
    code, out, err = stop(process)
    assert code == 0 and "已停止" in out and "Traceback" not in err
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)


def test_sigterm_stops_cleanly_too(sample_index):
    process, port, _ = start_server("--index", str(sample_index))
    process.terminate()
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0 and "已停止" in out and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "fork"), reason="--workers 大于 1 需要 fork（Linux / macOS）")
def test_several_worker_processes_share_the_port_and_stop_together(sample_index):
    """--workers 2: two processes answer on one port (each its own stores); Ctrl-C to
    the parent stops both, cleanly."""
    import psutil

    process, port, lines = start_server("--index", str(sample_index), "--workers", "2")
    try:
        assert "2 个服务进程" in "".join(lines)
        deadline = time.monotonic() + 30
        workers = []
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = psutil.Process(process.pid).children()
            time.sleep(0.05)
        assert len(workers) == 2
        for _ in range(20):
            status, body, _ = fetch(f"http://127.0.0.1:{port}/api/search?q=科技特派员")
            assert status == 200 and "科技特派员" in body
    finally:
        code, out, err = stop(process)
    assert code == 0 and "已停止" in out and "Traceback" not in err
    assert not any(w.is_running() and w.status() != psutil.STATUS_ZOMBIE for w in workers)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)


def test_readers_see_a_whole_state_while_an_ingest_runs(sample_index, tmp_path):
    index = tmp_path / "index"
    shutil.copytree(sample_index, index)
    extra = tmp_path / "网信办"
    extra.mkdir()
    (extra / "2024年工作总结.txt").write_text(HOSTILE, encoding="utf-8")
    documents_before = len(__import__("huigu").open(index).documents())
    process, port, _ = start_server("--index", str(index), "--threads", "4")
    failures, counts = [], set()
    stop_readers = threading.Event()

    def reader(urls):
        while not stop_readers.is_set():
            for url in urls:
                status, body, _ = fetch(f"http://127.0.0.1:{port}{url}")
                if status != 200:
                    failures.append((url, status, body[:200]))
                elif url == "/api/docs":
                    counts.add(body.count('"passages":'))
    readers = [threading.Thread(target=reader, args=(urls,)) for urls in (
        ["/?q=科技特派员", "/api/docs"], ["/api/search?q=安全宣传", "/docs"], ["/stats", "/d/04774c1a-1"])]
    try:
        for thread in readers:
            thread.start()
        ingest = subprocess.run([sys.executable, "-c", "from huigu.cli import main; main()", "ingest", str(extra),
                                 "--index", str(index), "--quiet"], capture_output=True, text=True, timeout=300)
        assert ingest.returncode == 0, ingest.stderr
        time.sleep(1.5)
    finally:
        stop_readers.set()
        for thread in readers:
            thread.join(timeout=120)
        code, _, err = stop(process)
    assert not failures, failures[:3]
    assert counts <= {documents_before, documents_before + 1} and documents_before + 1 in counts
    assert code == 0 and "Traceback" not in err
