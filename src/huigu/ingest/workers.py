"""Worker processes that read, segment and index files in parallel.

Each worker runs the whole per-file flow (read → … → jieba).  Where the store takes
segments (the embedded index), a worker writes its own index segment and the parent
commits the finished segments of a batch in one step together with the deletion of the
files' old versions; any other store gets the records back in the parent, which writes
the batch in one transaction.  Either way a batch becomes visible whole or not at all.  Workers stop by
themselves when the parent disappears (kill -9), so nothing is left running.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
from dataclasses import dataclass, field
from typing import Callable, Optional


FINISH = "finish"
STOP = None
IN_FLIGHT_PER_WORKER = 3
POLL_SECONDS = 1.0


@dataclass
class FileOutcome:
    """What the parent needs to know of one processed file (its records stay in the worker)."""

    source: str
    error: Optional[str] = None
    warnings: list[str] = field(default_factory=list)
    records: Optional[list[dict]] = None  # for a store without segments: what to write


def _worker_main(location: str, jobs, results, number: int, parent_pid: int, segments: bool) -> None:
    # imported here: the worker starts from a clean interpreter
    from huigu.ingest.process import safe_process
    from huigu.store import open_store

    writer = None
    store = None
    finished: list = []  # segments of this batch already written out (a big batch makes several)
    while True:
        try:
            job = jobs.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if os.getppid() != parent_pid:
                return  # the parent is gone: its batch will never be committed
            continue
        if job is STOP:
            if writer is not None:
                try:
                    writer.cancel()
                except Exception:  # e.g. the disk that failed the batch fails the clean-up too
                    pass
            return
        if job == FINISH:
            try:
                if writer is not None:
                    finished.append(store.finish_segment(writer))
            except Exception as err:  # disk full, read-only: nothing of this batch is committed
                results.put(("failed", number, _write_failure(err)))
            else:
                results.put(("segment", number, [s for s in finished if s is not None]))
            writer = None
            finished = []
            continue
        result = safe_process(*job)
        if result.error is None and not segments:
            results.put(("file", number, FileOutcome(result.source, None, list(result.warnings), result.records)))
            continue
        if result.error is None:
            try:
                if writer is None:
                    store = store or open_store(location)
                    writer = store.segment_writer()
                store.add_to_segment(writer, result.records)
                if store.segment_full(writer):  # write it out now: memory stays bounded
                    finished.append(store.finish_segment(writer))
                    writer = None
            except Exception as err:
                results.put(("failed", number, _write_failure(err)))
                return
        results.put(("file", number, FileOutcome(result.source, result.error, list(result.warnings))))


def _write_failure(err: Exception) -> tuple:
    """(errno, reason) of a failed write, for the parent to report as one line."""
    return getattr(err, "errno", None), getattr(err, "strerror", None) or f"{type(err).__name__}: {err}"


class WorkerPool:
    """N worker processes, each with its own job queue and index segment."""

    def __init__(self, location: str, workers: int, segments: bool = True):
        context = multiprocessing.get_context("spawn")
        self.results = context.Queue()
        self.queues = [context.Queue() for _ in range(workers)]
        self.processes = [
            context.Process(target=_worker_main, args=(location, q, self.results, n, os.getpid(), segments),
                            daemon=True)
            for n, q in enumerate(self.queues)
        ]
        self.records: list[tuple[str, list[dict]]] = []  # returned by workers of a store without segments
        for process in self.processes:
            process.start()
        self.outstanding: list[list] = [[] for _ in range(workers)]  # jobs sent, not yet answered
        self.batch_sources: list[list[str]] = [[] for _ in range(workers)]  # indexed in the open segment

    def run(self, jobs: list, accept: Callable[[FileOutcome], None], commit: Callable[[list, list[str], list], None],
            batch_due: Callable[[], bool]) -> None:
        """Process ``jobs``; ``commit(segments, sources, records)`` is called whenever
        ``batch_due()`` and at the end."""
        pending = list(reversed(jobs))
        while pending or any(self.outstanding):
            for number, jobs_of_worker in enumerate(self.outstanding):
                while pending and len(jobs_of_worker) < IN_FLIGHT_PER_WORKER and self.processes[number].is_alive():
                    job = pending.pop()
                    self.queues[number].put(job)
                    jobs_of_worker.append(job)
            if not any(self.outstanding):
                break
            self._receive(accept)
            if batch_due():
                self.finish_batch(accept, commit)
        self.finish_batch(accept, commit)

    def _receive(self, accept, timeout: float = POLL_SECONDS) -> Optional[tuple]:
        try:
            message = self.results.get(timeout=timeout)
        except queue.Empty:
            self._check_alive(accept)
            return None
        kind, number, payload = message
        if kind == "failed":
            raise OSError(*payload)  # the parent reports it like any failed write
        if kind == "file":
            job = next(j for j in self.outstanding[number] if j[1] == payload.source)
            self.outstanding[number].remove(job)
            if payload.records is not None:
                self.records.append((payload.source, payload.records))
                payload.records = None
            elif payload.error is None:
                self.batch_sources[number].append(payload.source)
            accept(payload)
        return message

    def _check_alive(self, accept) -> None:
        for number, process in enumerate(self.processes):
            if process.is_alive() or not (self.outstanding[number] or self.batch_sources[number]):
                continue
            # the worker died (out of memory, killed): its files are not indexed this time
            lost = [job[1] for job in self.outstanding[number]] + self.batch_sources[number]
            self.outstanding[number] = []
            self.batch_sources[number] = []
            for source in lost:
                accept(FileOutcome(source, "处理该文件的进程意外退出（可能内存不足）：本次未导入，请重新运行 huigu ingest"))

    def finish_batch(self, accept, commit) -> None:
        """All workers write out their segments at once; then one commit holds them all."""
        while any(self.outstanding):
            self._receive(accept)
        if self.records:
            records, self.records = self.records, []
            commit([], [], records)
            return
        segments, sources = [], []
        waiting = {number for number, process in enumerate(self.processes) if process.is_alive()}
        for number in waiting:
            self.queues[number].put(FINISH)
        while waiting:
            message = self._receive(accept, timeout=POLL_SECONDS)
            if message and message[0] == "segment" and message[1] in waiting:
                number = message[1]
                segments.extend(message[2])
                sources.extend(self.batch_sources[number])
                self.batch_sources[number] = []
                waiting.discard(number)
            for number in [n for n in waiting if not self.processes[n].is_alive()]:
                self._check_alive(accept)
                waiting.discard(number)
        if segments or sources:
            commit(segments, sources, [])

    def close(self) -> None:
        for number, process in enumerate(self.processes):
            if process.is_alive():
                self.queues[number].put(STOP)
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
