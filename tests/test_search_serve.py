"""The dev server keeps the search index up to date after the reload, not before it."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tornado import websocket
from tornado.httpclient import HTTPRequest

from conftest import SiteTree
from test_search import fragments
from test_serve import TIMEOUT, Running, serving


@pytest.fixture
def running(tree: SiteTree) -> Iterator[Running]:
    with serving(tree) as run:
        yield run


def indexed(out: Path, word: str) -> bool:
    return (out / "pagefind/fragment").is_dir() and any(
        word in fragment["content"] for fragment in fragments(out).values()
    )


async def client(running: Running, page: str) -> websocket.WebSocketClientConnection:
    """A live-reload client that tells the server it shows ``page``."""
    port = running.server.port
    request = HTTPRequest(
        f"ws://127.0.0.1:{port}/livereload", headers={"Origin": f"http://localhost:{port}"}
    )
    socket = await websocket.websocket_connect(request)
    await socket.write_message(json.dumps({"command": "hello", "protocols": []}))
    assert await socket.read_message() is not None
    await socket.write_message(json.dumps({"command": "info", "url": f"http://localhost{page}"}))
    return socket


def test_the_first_index_is_made_while_the_site_is_served(running: Running) -> None:
    assert running.get("/about/")[0] == 200
    running.wait_for(lambda: running.get("/pagefind/pagefind-entry.json")[0] == 200, "an index")
    assert indexed(running.server.out_dir, "We are small")


def test_an_edit_reloads_every_page_then_search_pages_again_once_indexed(
    running: Running,
) -> None:
    out = running.server.out_dir
    running.wait_for(lambda: indexed(out, "We are small"), "the first index")

    async def scenario() -> tuple[list[str], list[str]]:
        home, search = await client(running, "/"), await client(running, "/search/?q=x")
        await asyncio.sleep(0.2)  # the server has registered both
        about = running.tree.root / "content/pages/about.md"
        about.write_text(about.read_text().replace("We are small.", "We keep narwhals."))
        to_search: list[str] = []
        # One reload after the rebuild, one more once the index has the new words.
        while len(to_search) < 2 or not indexed(out, "narwhals"):
            to_search.append(str(await asyncio.wait_for(search.read_message(), TIMEOUT)))
        to_home = [str(await asyncio.wait_for(home.read_message(), TIMEOUT))]
        with contextlib.suppress(TimeoutError):  # nothing more for other pages
            to_home.append(str(await asyncio.wait_for(home.read_message(), 0.5)))
        for socket in (home, search):
            # Wait for the closing handshake: a client left closing when the loop ends
            # keeps its socket for the garbage collector to find in a later test.
            socket.close()
            await asyncio.wait_for(socket.read_message(), TIMEOUT)
        return to_home, to_search

    to_home, to_search = asyncio.run(scenario())
    assert [json.loads(m)["command"] for m in to_home] == ["reload"]
    assert len(to_search) >= 2 and {json.loads(m)["command"] for m in to_search} == {"reload"}
    assert "We keep narwhals." in running.get("/about/")[1]
