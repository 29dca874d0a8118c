"""One file through the pipeline without ever raising: what a worker (or the ingest
process itself) runs for each file."""
from __future__ import annotations

from huigu.ingest.pipeline import FileResult, process_file, records_for


def safe_process(path, source, digest, manifest_row, options) -> FileResult:
    """Read, describe and segment one file (in a worker): the result carries its records."""
    try:
        result = process_file(path, source, digest, manifest_row, options)
        if result.error is None:
            result.records = records_for(result)
            for item in result.documents:  # the records hold everything the main process needs
                item.sections.clear()
                for passage in item.passages:
                    passage.text = ""
        return result
    except RecursionError:
        return FileResult(source, digest, str(path), error="结构嵌套过深，无法处理")
    except MemoryError:
        return FileResult(source, digest, str(path), error="文件过大，处理时内存不足")
    except Exception as err:  # a bug must not stop the ingest; say which file and what
        return FileResult(source, digest, str(path), error=f"处理出错（{type(err).__name__}: {err}）")
