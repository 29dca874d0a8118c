"""``huigu serve``: the page for colleagues who never open a terminal (``huigu.web``)."""
from __future__ import annotations

import os

import click

from huigu.cli.options import friendly_errors, index_option
from huigu.errors import HuiguError


def is_loopback(host: str) -> bool:
    import ipaddress  # here, not at the top: `huigu search` imports this module too

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _stop_on_terminate() -> None:
    """SIGTERM (systemd, a service manager, kill) stops the server as Ctrl-C does — and SIGINT
    does even when the server was started in the background of a script, which ignores it
    (``huigu serve &``: Python then sets up no Ctrl-C of its own)."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


@click.command("serve")
@index_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址。默认只有本机能打开；给同事用时写 0.0.0.0 或本机的局域网地址（必须有访问口令）。")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="端口。")
@click.option("--token", default=None,
              help="访问口令。监听非本机地址时必须有：不给就自动生成一个，启动时显示一次。")
@click.option("--source", "sources", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="报告所在的文件夹（导入时给的目录，可给多次）：段落页据此显示原文件中被引用的行。")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True, help="同时处理的请求数（检索依次进行，线程多了只会互相等待）。")
@click.option("--cache", "search_cache", type=click.IntRange(0, 100000), default=256, show_default=True,
              help="记住最近多少次检索的结果（同样的查询不再重查；知识库一有变动就重查）。0 表示不记。")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="服务进程数（Linux / 统信 UOS / 麒麟）：多核机器上同时检索的人多时设为核数；Windows 上只能是 1。")
@click.option("--behind-proxy", is_flag=True,
              help="在单位的反向代理（如 nginx 加 HTTPS）后面运行：信任它转来的 X-Forwarded-Proto/Host/Prefix。")
@friendly_errors
def serve(index_path, host, port, token, sources, threads, search_cache, workers, behind_proxy):
    """网页版：在浏览器里检索、查看全文、复用以往表述、核对承诺（只读，不修改知识库）。

    \b
    示例：
      huigu serve                                   本机打开 http://127.0.0.1:8000/
      huigu serve --source 报告/                    段落页同时显示原文件中的引用行
      huigu serve --host 0.0.0.0 --token 口令       局域网内的同事用浏览器访问
      huigu serve --workers 2                       两个服务进程，用上两个核
    按 Ctrl-C 停止。
    """
    import waitress

    from huigu.store import location_of
    from huigu.web import create_app
    from huigu.web.app import MAX_UPLOAD_BYTES

    if token is not None and not token.strip():
        raise HuiguError("--token 不能是空的")
    if workers > 1 and not hasattr(os, "fork"):
        raise HuiguError("--workers 大于 1 需要 Linux（或 macOS）；Windows 上请用 --workers 1，或在前面放反向代理开多个端口")
    generated = False
    if not is_loopback(host) and not token:
        import secrets

        token, generated = secrets.token_urlsafe(18), True
    def make_app():
        return create_app(location_of(index_path), token=token, sources=sources, behind_proxy=behind_proxy,
                          search_cache=search_cache)

    app = make_app()
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    address = f"http://{'[' + shown_host + ']' if ':' in shown_host else shown_host}:{port}/"
    pool = app.extensions["huigu.stores"]
    store = pool.borrow()
    shown_location = store.location  # a database URL without its password
    pool.give_back(store)
    click.echo(f"回顾网页已启动：{address}（知识库 {shown_location}）")
    if token:
        click.echo(f"访问口令{'（自动生成，只显示这一次）' if generated else ''}：{token}")
        click.echo(f"同事请打开：{address}?token={token}（打开一次后浏览器会记住）")
        if host in ("0.0.0.0", "::"):
            click.echo("监听所有网卡：请把地址中的 127.0.0.1 换成本机的局域网地址")
    if workers > 1:
        click.echo(f"{workers} 个服务进程，每个 {threads} 个线程。")
    click.echo("按 Ctrl-C 停止。")
    options = dict(threads=threads, ident="huigu", _quiet=True, max_request_body_size=MAX_UPLOAD_BYTES + 1024 * 1024,
                   channel_timeout=120, clear_untrusted_proxy_headers=not behind_proxy)
    if workers > 1:
        pool.close()  # each process opens its own stores (a database connection is never shared across fork)
        listener = _listen(host, port)
        _serve_processes(make_app, listener, workers, options)
        click.echo("已停止。")
        return
    _stop_on_terminate()
    try:
        waitress.serve(app, host=host, port=port, **options)
    except KeyboardInterrupt:
        pass
    except OSError as err:
        raise HuiguError(f"无法在 {host}:{port} 上启动：{err.strerror or err}（端口被占用时换一个 --port）") from err
    finally:
        app.extensions["huigu.stores"].close()
    click.echo("已停止。")


def _listen(host: str, port: int):
    """The listening socket all worker processes accept from (bound before they start)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=1024)
    except OSError as err:
        raise HuiguError(f"无法在 {host}:{port} 上启动：{err.strerror or err}（端口被占用时换一个 --port）") from err


def _serve_processes(make_app, listener, workers: int, options: dict) -> None:
    """Pre-fork: ``workers`` processes share one listening socket, each with its own app
    and stores; the kernel hands each connection to one of them.  SIGTERM or Ctrl-C to
    this process stops them all; one that dies is not restarted (the others go on)."""
    import signal
    import waitress

    children: list[int] = []

    def stop(signum, frame):
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass

    # signals wait while the workers start: each sets up its own handlers first
    blocked = {signal.SIGINT, signal.SIGTERM}
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        for _ in range(workers):
            pid = os.fork()
            if pid == 0:  # the worker
                code = 0
                try:
                    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us with SIGTERM
                    _stop_on_terminate()
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)
                    app = make_app()
                    try:
                        waitress.serve(app, sockets=[listener], **options)
                    except KeyboardInterrupt:
                        pass
                    finally:
                        app.extensions["huigu.stores"].close()
                except BaseException:  # noqa: BLE001 — a worker never returns into the parent's code
                    code = 1
                finally:
                    os._exit(code)
            children.append(pid)
    finally:
        listener.close()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)
    for child in children:
        while True:
            try:
                os.waitpid(child, 0)
                break
            except ChildProcessError:
                break
            except InterruptedError:
                continue
