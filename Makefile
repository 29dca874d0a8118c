PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
INDEX  ?= index

.PHONY: run test lint bench clean-index docs-ref

$(BIN)/huigu: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# 一条命令：安装、导入示例报告、演示几次检索
run: $(BIN)/huigu
	$(BIN)/huigu ingest examples/reports --index $(INDEX) --quiet
	$(BIN)/huigu docs --index $(INDEX) --format table
	$(BIN)/huigu search 科技特派员 --year 2023-2024 --index $(INDEX) --limit 3 --format table
	$(BIN)/huigu search 健身步道 --kind plan --index $(INDEX) --limit 2 --format table

# 测试还需要 OCR 扩展（扫描件的测试用真实 OCR）
$(VENV)/.test-extras: $(BIN)/huigu
	$(BIN)/python -m pip install --quiet -e '.[test,ocr]'
	@touch $@

# 一条命令：安装（含测试依赖和 OCR 扩展）并运行测试
test: $(VENV)/.test-extras
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest -q

lint: $(BIN)/huigu
	$(BIN)/ruff check src tests benchmarks scripts

bench: $(BIN)/huigu
	$(BIN)/python benchmarks/run_all.py

docs-ref: $(BIN)/huigu
	$(BIN)/python scripts/make_cli_docs.py

clean-index:
	rm -rf $(INDEX)/_MAIN_* $(INDEX)/*.toc $(INDEX)/*.seg $(INDEX)/huigu.*
