"""huigu serve in a real headless Chromium (Debian's ``chromium``, driven by Playwright
with ``executable_path``; never ``playwright install``): type a query, click a facet,
open a citation, copy it, upload a draft, download the Word 素材汇编 and the .xlsx.

With ``HUIGU_SCREENSHOTS=folder`` the pages are also saved as PNGs (docs/screenshot-*.png are such shots).
"""
from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from test_web_hostile import start_server, stop

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "reports"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=zh-CN"]
DRAFT = ["云溪市科学技术局2025年上半年工作总结（草稿）",
         "（一）深化科技特派员制度。上半年选派科技特派员58名，围绕茶叶、黄精、食用菌等特色产业组建科技特派员服务团10个，"
         "开展技术培训120场次。",
         "（二）推进低空经济发展。引进无人机整机制造和飞行服务企业4家，开通低空物流航线2条，低空经济产业园一期主体完工。"]
TOKEN = "browser-test-token-1234"

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright 未安装：pip install playwright")
if CHROMIUM is None:
    pytest.skip("没有 Chromium（Debian：apt-get install chromium）：跳过浏览器测试", allow_module_level=True)


@pytest.fixture(scope="module")
def server(sample_index):
    process, port, _ = start_server("--index", str(sample_index), "--source", str(SAMPLES), "--token", TOKEN)
    yield f"http://127.0.0.1:{port}"
    code, _, err = stop(process)
    assert code == 0 and "Traceback" not in err


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with playwright_api.sync_playwright() as play:
        context = play.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            headless=True, viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="zh-CN",
            permissions=["clipboard-read", "clipboard-write"])
        yield context
        context.close()


@pytest.fixture
def page(browser, server):
    page = browser.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{server}/?token={TOKEN}")  # once: the cookie does the rest
    page.problems = problems
    yield page
    page.close()
    assert not problems, problems  # no script error, no Content-Security-Policy violation


def shoot(page, name: str) -> None:
    folder = os.environ.get("HUIGU_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1280, "height": 1100})
        page.screenshot(path=str(Path(folder) / name), full_page=False)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_token_in_the_address_is_remembered(page, server):
    assert "token" not in page.url
    page.goto(f"{server}/docs")
    assert page.locator("table.docs tbody tr").count() == 13
    # the stylesheet came through as well: the page is styled, not bare
    colour = page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor")
    assert colour == "rgb(154, 27, 27)"
    shoot(page, "docs.png")


def test_the_overview_shows_its_tables(page, server):
    page.goto(f"{server}/stats")
    assert page.locator("h1").inner_text() == "知识库概况"
    assert page.locator("table.grid").count() == 3
    rows = [line.split("\t") for line in page.inner_text("table.grid >> nth=0").splitlines()[1:]]
    assert sum(int(row[2]) for row in rows) == 13  # every document counted once, by year × office
    assert ["2024", "云溪市民政局", "3", "54"] in rows
    shoot(page, "stats.png")


def test_type_a_query_click_a_facet_open_a_citation(page, server):
    page.fill("#q", "科技特派员")
    page.press("#q", "Enter")
    page.wait_for_selector("ol.hits li.hit")
    assert "共找到 21 段" in page.inner_text("p.summary")
    assert page.locator("mark", has_text="科技特派员").count() > 5
    shoot(page, "search.png")

    page.click("div[data-facet=year] a:text-is('2023')")
    page.wait_for_url("**year=2023**")
    summary = page.inner_text("p.summary")
    assert "共找到 9 段" in summary
    labels = page.locator("a.cite-link").all_inner_texts()
    assert labels and all("2023" in label for label in labels)
    assert page.locator(".active a.chip").inner_text().startswith("2023")

    first = page.locator("a.cite-link").first
    label = first.inner_text()
    first.click()
    page.wait_for_selector("table.source-lines")
    assert page.inner_text("p.label").startswith(label)
    cited = page.locator("tr.cited td").first.inner_text()
    current = page.locator(".ctx.current p.text").inner_text()
    assert cited.strip() and cited.strip()[:10] in current
    shoot(page, "passage.png")


def test_a_question_says_how_it_was_read(page, server):
    page.fill("#q", "2023年科技特派员选派了多少名")
    page.press("#q", "Enter")
    page.wait_for_selector("ol.hits li.hit")
    reading = page.inner_text("p.reading")
    assert "优先回顾部分（2023年已过去：次年报告对当年的回顾）" in reading and "问句词“了多少名”不作检索词" in reading
    first = page.locator("ol.hits li.hit").first.inner_text()
    assert "2023年工作总结暨2024年工作思路" in first and "全年选派科技特派员56名" in first
    shoot(page, "question.png")


def test_copy_a_citation(page, server):
    page.goto(f"{server}/?q=健身步道")
    button = page.locator("button.copy").first
    expected = button.get_attribute("data-copy")
    button.click()
    page.wait_for_function("document.querySelector('button.copy').dataset.copied === '1'")
    assert page.evaluate("navigator.clipboard.readText()") == expected


def test_outline_jumps_to_its_section(page, server):
    page.goto(f"{server}/d/04774c1a-1")
    page.click(".outline a:has-text('（三）深化科技特派员制度')")
    assert page.url.endswith("#" + page.locator(".outline a:has-text('（三）深化科技特派员制度')")
                             .get_attribute("href").lstrip("#"))
    assert page.locator(".section-heading:target").inner_text() == "（三）深化科技特派员制度"
    shoot(page, "document.png")


def test_upload_a_draft_and_download_the_compilation(page, server, tmp_path):
    from docx import Document

    from helpers_hostile import docx_bytes

    draft = tmp_path / "2025年上半年工作总结（草稿）.docx"
    draft.write_bytes(docx_bytes(DRAFT))
    page.goto(f"{server}/reuse")
    form = page.inner_text("form.reuse")
    assert "选择文件" in form and "未选择文件" in form  # in Chinese, whatever the browser's language
    assert "Choose" not in form and "No file" not in form
    page.set_input_files("#draft-file", str(draft))
    assert page.inner_text("#draft-file-name") == draft.name
    page.click("button:text-is('查找相近段落')")
    page.wait_for_selector("section.similar")
    text = page.inner_text("section.similar")
    assert "比较了 2 段，其中 1 段在知识库中有相近段落（另有 1 个标题或短行未比较）" in text
    assert "部分改写" in text and "知识库中没有与这段相近的内容" in text
    assert "% 与知识库重复" in page.inner_text("section.overlap")
    shoot(page, "reuse.png")

    with page.expect_download() as info:
        page.click("section.similar button:text-is('下载 Word 素材汇编')")
    download = info.value
    assert download.suggested_filename == "素材汇编.docx"
    saved = tmp_path / "素材汇编.docx"
    download.save_as(saved)
    body = "\n".join(p.text for p in Document(saved).paragraphs)
    assert "云溪市科技局2023年工作总结暨2024年工作思路" in body


def test_a_wrong_file_gets_a_line_on_the_page(page, server, tmp_path):
    bad = tmp_path / "草稿.xlsx"
    bad.write_bytes(b"PK\x03\x04")
    page.goto(f"{server}/reuse")
    page.set_input_files("#draft-file", str(bad))
    page.click("button:text-is('查找相近段落')")
    assert "只能上传 .docx / .txt / .md 草稿" in page.inner_text("p.error")
    # the page itself answers 400 (a user mistake), which Chromium logs; nothing else may fail
    page.problems[:] = [p for p in page.problems if "status of 400" not in p]


def test_audit_and_download_the_xlsx(page, server, tmp_path):
    from openpyxl import load_workbook

    page.goto(f"{server}/audit")
    page.select_option("#office", "教体局")
    page.fill("#plan-year", "2024")
    page.click("button:text-is('核对')")
    page.wait_for_selector("table.audit")
    rows = page.locator("tr.status-row").count()
    assert rows > 0
    assert "已完成" in page.inner_text("table.audit")
    shoot(page, "audit.png")

    with page.expect_download() as info:
        page.click("#xlsx")
    saved = tmp_path / "audit.xlsx"
    info.value.save_as(saved)
    assert info.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(saved.read_bytes()))
    assert book.sheetnames[0] == "汇总"
    assert sum(book[name].max_row - 1 for name in book.sheetnames[1:]) == rows
