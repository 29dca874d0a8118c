"""huigu serve through Flask's test client: each page shows what the CLI shows, and the
JSON API gives exactly the CLI's ``--format json``."""
from __future__ import annotations

import io
import json
import re
from html import unescape
import shutil
from pathlib import Path

import pytest

from huigu.cli import cli
from pg_server import pg_server  # noqa: F401 (fixture: a real PostgreSQL, skipped where none can start)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "reports"
DRAFT = ("（一）深化科技特派员制度。上半年选派科技特派员58名，围绕茶叶、黄精、食用菌等特色产业组建科技特派员服务团10个，"
         "开展技术培训120场次。")


@pytest.fixture(scope="module")
def app(sample_index):
    from huigu.web import create_app

    return create_app(sample_index, sources=[SAMPLES])


@pytest.fixture
def client(app):
    return app.test_client()


def cli_json(runner, *args):
    result = runner.invoke(cli, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def text_of(response) -> str:
    return response.get_data(as_text=True)


def visible(html: str) -> str:
    """The page's text as a person reads it (tags dropped, entities decoded)."""
    return unescape(re.sub(r"<[^>]+>", "", html))


# ── the JSON API is the CLI's JSON ──────────────────────────────────────────


@pytest.mark.parametrize("args,url", [
    (["search", "科技特派员", "--limit", "5"], "/api/search?q=科技特派员&limit=5"),
    (["search", "健身步道", "--kind", "plan", "--year", "2023-2024"], "/api/search?q=健身步道&kind=plan&year=2023-2024"),
    (["search", "养老", "--department", "民政局", "--facets"], "/api/search?q=养老&department=民政局&facets=1"),
    (["docs"], "/api/docs"),
    (["stats"], "/api/stats"),
    (["commitments", "--department", "教体局"], "/api/commitments?department=教体局"),
    (["audit", "--department", "教体局", "--year", "2024"], "/api/audit?department=教体局&year=2024"),
    (["lint"], "/api/lint"),
])
def test_api_gives_the_cli_json(client, runner, sample_index, args, url):
    expected = cli_json(runner, *args, "--index", str(sample_index))
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == expected


def test_api_similar_and_overlap_give_the_cli_json(client, runner, sample_index, tmp_path):
    draft = tmp_path / "草稿.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    expected = cli_json(runner, "similar", "--file", str(draft), "--index", str(sample_index))
    answer = client.post("/api/similar", data={"file": (io.BytesIO(DRAFT.encode()), "草稿.txt")}).get_json()
    expected["input"] = answer["input"] = "草稿"  # the CLI names its path, the page the uploaded name
    assert answer == expected
    assert answer["results"][0]["matches"][0]["citation"]["label"].startswith("云溪市科学技术局《")

    expected = json.loads(json.dumps(cli_json(runner, "overlap", str(draft), "--index", str(sample_index)),
                                     ensure_ascii=False).replace(str(draft), "草稿.txt"))
    answer = client.post("/api/overlap", data={"file": (io.BytesIO(DRAFT.encode()), "草稿.txt")}).get_json()
    assert answer == expected
    assert answer["repeated_chars"] > 0
    assert "huigu-draft" not in json.dumps(answer)  # the temporary path never shows
    pasted = client.post("/api/overlap", json={"text": DRAFT}).get_json()
    assert [(r["text"], r["b_citation"]) for r in pasted["runs"]] == [(r["text"], r["b_citation"]) for r in answer["runs"]]


def test_api_overlap_with_a_chosen_document(client, sample_index):
    answer = client.post("/api/overlap", data={"text": DRAFT, "b": "04774c1a-1"}).get_json()
    assert answer["b"]["id"] == "04774c1a-1"
    assert 0 < answer["ratio"] < 1


def test_malformed_query_is_400_with_the_cli_line(client, runner, sample_index):
    result = runner.invoke(cli, ["search", "(科技", "--index", str(sample_index), "--format", "json"])
    assert result.exit_code == 2
    line = result.output.strip().removeprefix("错误：")
    response = client.get("/api/search?q=(科技")
    assert response.status_code == 400
    assert response.get_json() == {"error": line}
    page = client.get("/?q=(科技")
    assert page.status_code == 400 and line in visible(text_of(page))
    assert "Traceback" not in text_of(page)


@pytest.mark.parametrize("url,words", [
    ("/api/search?q=科技&year=二〇二三", "年份"),
    ("/api/search?q=科技&kind=plans", "章节类别"),
    ("/api/search?q=科技&limit=0", "limit"),
    ("/api/search", "缺少查询"),
    ("/api/audit?year=20x4", "年份"),
])
def test_bad_arguments_are_400_in_one_line(client, url, words):
    response = client.get(url)
    assert response.status_code == 400
    message = response.get_json()["error"]
    assert words in message and "\n" not in message


def test_show_api(client, sample_index):
    doc = client.get("/api/show/04774c1a-1").get_json()["document"]
    assert doc["title"] == "云溪市科技局2023年工作总结暨2024年工作思路"
    assert doc["provenance"]["doc_number"] == "header"
    passage = client.get("/api/show/04774c1a-1.19?context=1").get_json()
    assert "科技特派员60名" in passage["passage"]["text"]
    assert [p["id"] for p in passage["context"]] == ["04774c1a-1.18", "04774c1a-1.19", "04774c1a-1.20"]
    assert client.get("/api/show/04774c1a-99").status_code == 404


@pytest.mark.parametrize("record_id", ["04774c1a-1", "04774c1a-1.19"])
def test_show_api_is_the_cli_json(client, runner, sample_index, record_id):
    result = runner.invoke(cli, ["show", record_id, "--index", str(sample_index), "--format", "json", "--context", "2"])
    assert result.exit_code == 0, result.output
    cli_answer = json.loads(result.output)
    assert client.get(f"/api/show/{record_id}?context=2").get_json() == cli_answer
    if "passage" in cli_answer:
        assert len(cli_answer["context"]) == 5 and cli_answer["passage"]["id"] == record_id
    else:
        assert cli_answer["document"]["id"] == record_id


# ── 检索 ────────────────────────────────────────────────────────────────────


def test_search_page_shows_results_as_the_cli(client, sample_index):
    from huigu import open as open_kb

    expected = open_kb(sample_index).search("科技特派员", limit=10)
    html = text_of(client.get("/?q=科技特派员"))
    labels = [unescape(label) for label in re.findall(r'class="cite-link" href="[^"]+">([^<]+)</a>', html)]
    assert labels == [hit.data["label"] for hit in expected.hits]
    assert f"共找到 {expected.total} 段" in html
    assert "<mark>科技特派员</mark>" in html
    assert 'data-copy="云溪市科学技术局《云溪市科技局2023年工作总结暨2024年工作思路》（云科〔2024〕12号）三、（三） 第1段"' in html
    reading = getattr(expected, "reading", None) or {}
    if reading.get("text"):  # how the query was read, the line the CLI prints
        assert reading["text"] in visible(html) and "科特派" in reading["text"]
    else:
        assert "也找：科特派" in visible(html)
    assert "reports/科技局/关于印发2023年工作总结暨2024年工作思路的通知.txt:69" in html


def test_search_page_lists_folded_copies(tmp_path):
    """A report saved twice (the office's file and the copy from its website, with the
    site's header line): one hit, the other under 另见.  The 2023 and 2024 reports' alike
    paragraphs (56名 / 52名) are two statements and both are listed."""
    from huigu.ingest.runner import ingest
    from huigu.web import create_app

    folder = tmp_path / "reports"
    (folder / "网站").mkdir(parents=True)
    for name in ("关于印发2023年工作总结暨2024年工作思路的通知.txt", "2024年工作总结暨2025年工作思路.pdf"):
        shutil.copy(SAMPLES / "科技局" / name, folder / name)
    original = (SAMPLES / "科技局" / "关于印发2023年工作总结暨2024年工作思路的通知.txt").read_text(encoding="utf-8")
    (folder / "网站" / "云溪市科技局2023年工作总结（网站转载）.txt").write_text(
        "来源：云溪市科学技术局网站　发布时间：2024-01-15\n" + original, encoding="utf-8")
    ingest([folder], tmp_path / "index")
    client = create_app(tmp_path / "index").test_client()
    html = text_of(client.get("/?q=科技特派员"))
    assert "另见：" in html and "网站转载" in html
    shown = visible(html)
    assert "选派科技特派员56名" in shown and "选派科技特派员52名" in shown


def test_facet_links_narrow_the_search(client):
    html = text_of(client.get("/?q=科技特派员"))
    year_facet = re.search(r'data-facet="year">(.*?)</div>', html, re.S).group(1)
    link, count = re.search(r'<a href="([^"]+year=2023[^"]*)">2023</a> <span class="count">(\d+)</span>',
                            year_facet).groups()
    narrowed = text_of(client.get(unescape(link)))
    assert f"共找到 {count} 段" in narrowed
    years = re.findall(r"《[^》]*?(20\d\d)年", visible(narrowed))
    assert years and "已选条件" in narrowed
    api = client.get("/api/search?q=科技特派员&year=2023&limit=50").get_json()
    assert {r["doc"]["year"] for r in api["results"]} == {2023}


def test_paging(client):
    first = text_of(client.get("/?q=科技"))
    second = text_of(client.get("/?q=科技&page=2"))
    ids = lambda html: re.findall(r'<span class="id">\[([^\]]+)\]</span>', html)  # noqa: E731
    assert len(ids(first)) == 10 and ids(second)
    assert not set(ids(first)) & set(ids(second))
    assert 'rel="next"' in first and "上一页" in second
    assert '<ol class="hits" start="11">' in second


def test_filters_come_back_in_the_form(client):
    html = text_of(client.get("/?q=健身步道&kind=plan&year=2023-2024"))
    assert 'value="2023-2024"' in html and '<option value="plan" selected>' in html


# ── 文档 / 段落 ─────────────────────────────────────────────────────────────


def test_docs_list_with_filters(client, sample_index):
    from huigu import open as open_kb

    all_docs = open_kb(sample_index).documents()
    html = text_of(client.get("/docs"))
    assert f"共 {len(all_docs)} 篇文档" in html
    narrowed = client.get("/api/docs?department=民政局&year=2024").get_json()["documents"]
    assert narrowed and {d["department_short"] for d in narrowed} == {"民政局"}
    assert {d["year"] for d in narrowed} == {2024}
    page = text_of(client.get("/docs?department=民政局&year=2024"))
    assert f"共 {len(narrowed)} 篇文档" in page


def test_docs_list_pages(client, sample_index, monkeypatch):
    from huigu import open as open_kb
    from huigu.web.views import documents

    ids = [d["id"] for d in open_kb(sample_index).documents()]
    monkeypatch.setattr(documents, "DOCS_PER_PAGE", 2)
    pages = -(-len(ids) // 2)
    seen = []
    for number in range(1, pages + 1):
        html = text_of(client.get(f"/docs?page={number}"))
        assert f"共 {len(ids)} 篇文档" in html and f"第 {number} / {pages} 页" in html
        seen += [i for i in ids if f">{i}</a>" in html]
        assert ("下一页" in html) == (number < pages) and ("上一页" in html) == (number > 1)
    assert sorted(seen) == sorted(ids)  # every document on exactly one page
    assert f"第 {pages} / {pages} 页" in text_of(client.get("/docs?page=999"))


def test_document_page_outline_jumps_and_provenance(client):
    html = text_of(client.get("/d/04774c1a-1"))
    anchors = re.findall(r'<a href="#(s-[0-9a-f-]+)">', html)
    assert len(anchors) >= 10
    for anchor in anchors:
        assert f'id="{anchor}"' in html, anchor
    page = visible(html)
    assert "三、2024年工作思路" in page and "计划 2024" in page
    assert re.search(r"文号\s*云科〔2024〕12号\s*文头", page)
    assert "（三）深化科技特派员制度。选派科技特派员60名" in page


def test_passage_page_shows_context_and_the_cited_source_lines(client):
    html = text_of(client.get("/p/04774c1a-1.19"))
    page = visible(html)
    assert "云溪市科学技术局《云溪市科技局2023年工作总结暨2024年工作思路》（云科〔2024〕12号）三、（三） 第1段" in page
    assert "（二）着力提升研发投入" in page  # the passage before
    cited = re.search(r'<tr class="cited"><th>69</th><td>([^<]+)</td>', html)
    assert cited and "选派科技特派员60名" in unescape(cited.group(1))
    source_line = (SAMPLES / "科技局" / "关于印发2023年工作总结暨2024年工作思路的通知.txt").read_text(
        encoding="utf-8").splitlines()[68]
    assert unescape(cited.group(1)) == source_line


def test_passage_page_without_sources_says_how(sample_index):
    from huigu.web import create_app

    html = text_of(create_app(sample_index).test_client().get("/p/04774c1a-1.19"))
    assert "--source" in html and 'class="cited"' not in html


def test_docx_source_lines(client):
    html = text_of(client.get("/p/5a8dd4a2-1.20"))
    assert 'class="cited"' in html and "第60段" in visible(html)


def test_unknown_ids_are_404_in_chinese(client):
    for url in ("/d/ffffffff-1", "/p/ffffffff-1.1", "/d/not-an-id", "/nowhere"):
        response = client.get(url)
        assert response.status_code == 404
        assert "没有这个页面或编号" in text_of(response)


# ── 概况 ───────────────────────────────────────────────────────────────────


def test_stats_page(client, sample_index):
    from huigu import open as open_kb

    summary = open_kb(sample_index).stats()
    page = visible(text_of(client.get("/stats")))
    assert f"共 {summary['documents']} 篇文档，{summary['passages']} 个段落" in page
    topic, count = next(iter(summary["by_topic"].items()))
    assert re.search(rf"{topic}\s*{count}", page)


# ── 复用 ───────────────────────────────────────────────────────────────────


def test_reuse_paste(client):
    response = client.post("/reuse", data={"text": DRAFT})
    assert response.status_code == 200
    page = visible(text_of(response))
    assert "部分改写" in page or "几乎相同" in page
    assert "云溪市科学技术局《云溪市科技局2023年工作总结暨2024年工作思路》" in page
    assert re.search(r"\d+\.\d% 与知识库重复", page)
    assert "<mark>" in text_of(response)


def test_reuse_upload_docx_and_download_compilation(client):
    from docx import Document

    from helpers_hostile import docx_bytes

    data = docx_bytes(["云溪市科学技术局2025年上半年工作总结（草稿）", DRAFT])
    page = client.post("/reuse", data={"file": (io.BytesIO(data), "2025年上半年工作总结（草稿）.docx")},
                       content_type="multipart/form-data")
    assert page.status_code == 200
    assert "另有 1 个标题或短行未比较" in visible(text_of(page))
    download = client.post("/reuse/docx", data={"file": (io.BytesIO(data), "草稿.docx")},
                           content_type="multipart/form-data")
    assert download.status_code == 200
    assert download.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in download.headers["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(download.data)).paragraphs)
    assert "云溪市科技局2023年工作总结暨2024年工作思路" in text


def test_reuse_leaves_no_file_behind(client, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client.post("/reuse", data={"text": DRAFT})
    client.post("/api/similar", data={"file": (io.BytesIO(DRAFT.encode()), "稿.md")},
                content_type="multipart/form-data")
    assert list(tmp_path.iterdir()) == []


def test_reuse_does_not_touch_the_knowledge_base(client, sample_index):
    from huigu import open as open_kb

    before = open_kb(sample_index).version()
    client.post("/reuse", data={"text": DRAFT})
    assert open_kb(sample_index).version() == before
    assert client.get("/api/docs").get_json()["documents"] and "草稿" not in text_of(client.get("/docs"))


def test_reuse_without_a_draft(client):
    response = client.post("/reuse", data={"text": "  "})
    assert response.status_code == 400
    assert "请粘贴一段草稿文字" in text_of(response)


# ── 审计 ───────────────────────────────────────────────────────────────────


def test_audit_page_and_xlsx(client):
    from openpyxl import load_workbook

    report = client.get("/api/audit?department=教体局&year=2024").get_json()
    html = text_of(client.get("/audit?department=教体局&year=2024"))
    rows = re.findall(r'<tr class="status-row">', html)
    assert len(rows) == len(report["commitments"]) > 0
    page = visible(html)
    assert "已完成" in page and "学位：目标1200个，报告1260个，达到" in page
    assert "未完成的文字（lint）" in page
    workbook = client.get("/audit.xlsx?department=教体局&year=2024")
    assert workbook.status_code == 200 and workbook.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(workbook.data))
    sheet = book[book.sheetnames[1]]
    assert sheet.max_row - 1 == len(report["commitments"])
    assert [c.value for c in sheet[1]][:4] == ["部门", "计划年份", "类型", "承诺"]


def test_audit_page_offers_offices_and_years(client):
    html = text_of(client.get("/audit"))
    assert re.search(r'<option value="教体局"\s*>', html) and '<option value="2024">' in html


# ── the command ─────────────────────────────────────────────────────────────


def test_serve_is_registered_with_chinese_help(runner):
    result = runner.invoke(cli, ["serve", "-h"])
    assert result.exit_code == 0 and "--token" in result.output and "只读" in result.output


def test_serve_with_a_missing_index_is_one_line(runner, tmp_path):
    result = runner.invoke(cli, ["serve", "--index", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.output.startswith("错误：") and len(result.output.strip().splitlines()) == 1


# ── the office database ─────────────────────────────────────────────────────


def test_serves_a_postgresql_knowledge_base_the_same(app, runner, pg_server):  # noqa: F811
    """``--index postgresql://…``: the same pages and answers as the folder (the store is
    opened through huigu.store.open_store; each worker thread gets its own connection)."""
    pytest.importorskip("psycopg", reason="PostgreSQL 驱动未安装")
    from pg_server import create_database

    from huigu.web import create_app

    url = create_database(pg_server)
    done = runner.invoke(cli, ["ingest", str(SAMPLES), "--index", url, "--quiet"])
    assert done.exit_code == 0, done.output
    office = create_app(url).test_client()
    folder = app.test_client()
    for path in ("/api/search?q=科技特派员&year=2023-2024", "/api/docs", "/api/stats", "/api/show/04774c1a-1.19"):
        assert office.get(path).get_json() == folder.get(path).get_json(), path
    page = office.get("/?q=健身步道&kind=plan").get_data(as_text=True)
    assert "<mark>健身步道</mark>" in page
    assert office.get("/api/search?q=(").status_code == 400


def test_behind_a_reverse_proxy_links_keep_its_prefix(sample_index):
    from huigu.web import create_app

    headers = {"X-Forwarded-Prefix": "/huigu", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "oa.example"}
    proxied = create_app(sample_index, token="T0ken-for-proxy", behind_proxy=True).test_client()
    first = proxied.get("/?token=T0ken-for-proxy", headers=headers)
    assert first.status_code == 303 and first.headers["Location"] == "/huigu/"
    assert "Secure" in first.headers["Set-Cookie"]
    html = proxied.get("/?q=科技", headers={**headers, "Authorization": "Bearer T0ken-for-proxy"}).get_data(as_text=True)
    assert 'href="/huigu/static/huigu.css"' in html and 'href="/huigu/docs"' in html
    # without --behind-proxy the same headers change nothing
    direct = create_app(sample_index).test_client().get("/", headers=headers).get_data(as_text=True)
    assert 'href="/static/huigu.css"' in direct


def test_a_repeated_search_is_answered_from_the_cache_until_the_knowledge_base_changes(tmp_path):
    """The same query again costs no search; after an ingest (another version) it is
    searched afresh and finds the new report."""
    from huigu.ingest.runner import ingest
    from huigu.web import create_app

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "2023年民政局工作总结.txt").write_text(
        "2023年民政局工作总结\n一、主要成效\n全年发放临时救助资金120万元，惠及困难群众800人次。\n", encoding="utf-8")
    index = tmp_path / "index"
    ingest([folder], index, workers=1)
    app = create_app(index)
    cache = app.extensions["huigu.search_cache"]
    client = app.test_client()
    first = client.get("/api/search?q=临时救助").get_json()
    assert [r["doc"]["title"] for r in first["results"]] == ["2023年民政局工作总结"]
    assert (cache.hits, cache.misses) == (0, 1)
    assert client.get("/api/search?q=临时救助").get_json() == first
    page = client.get("/?q=临时救助")
    assert page.status_code == 200 and "2023年民政局工作总结" in visible(text_of(page))
    assert (cache.hits, cache.misses) == (1, 2)  # the page asks with facets: its own entry

    (folder / "2024年民政局工作总结.txt").write_text(
        "2024年民政局工作总结\n一、主要成效\n全年发放临时救助资金150万元，惠及困难群众900人次。\n", encoding="utf-8")
    ingest([folder], index, workers=1)
    again = client.get("/api/search?q=临时救助").get_json()
    assert sorted(r["doc"]["title"] for r in again["results"]) == ["2023年民政局工作总结", "2024年民政局工作总结"]
    assert cache.misses == 3


def test_the_cache_can_be_turned_off(sample_index):
    from huigu.web import create_app

    app = create_app(sample_index, search_cache=0)
    client = app.test_client()
    for _ in range(2):
        assert client.get("/api/search?q=科技特派员").get_json()["results"]
    cache = app.extensions["huigu.search_cache"]
    assert (cache.hits, cache.misses, len(cache.items)) == (0, 0, 0)


def test_the_api_answers_compact_json_and_the_cli_stays_indented(client, runner, sample_index):
    """Same shapes; the API skips the indentation a program does not read (encoded several
    times faster), and the CLI after it still indents for a person."""
    body = client.get("/api/search?q=科技特派员").get_data(as_text=True)
    assert "\n" not in body and body.startswith('{"query":"科技特派员"')
    cli_answer = runner.invoke(cli, ["search", "科技特派员", "--index", str(sample_index), "--format", "json"]).output
    assert cli_answer.startswith('{\n  "query": "科技特派员"')
    assert json.loads(body) == json.loads(cli_answer)
