"""Compressed bodies undone with a bound: a small gzip bomb never becomes a large buffer.

httpx would decode a compressed body itself, but a whole network read at a time, and
64 KiB of gzip can unpack to 64 MB. Here each piece is unpacked up to the room left
under the size limit, so no more than the limit plus one byte is ever held.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from xiaomi_reader.web.addresses import FetchRefused

__all__ = ["ACCEPTED_ENCODINGS", "BodyDecoder"]

# What the request offers; the decoder below reads exactly these.
ACCEPTED_ENCODINGS = "gzip, deflate"
_PIECE = 1024 * 1024
_DAMAGED = "the server sent a damaged compressed page; try again later."


class BodyDecoder:
    """Undo one ``Content-Encoding`` (identity, gzip or deflate), never past ``room`` bytes."""

    def __init__(self, content_encoding: str) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise FetchRefused(
                f"the server compressed the page as {content_encoding!r}, which xiaomi-reader "
                "did not ask for and cannot read; try again later."
            )
        self._coding = codings[0] if codings else None
        self._unpacker: zlib._Decompress | None = self._new_unpacker() if codings else None
        self._raw_deflate_tried = False
        self._seen_any = False

    def _new_unpacker(self, wbits: int | None = None) -> zlib._Decompress:
        if wbits is None:
            # gzip: the gzip wrapper; deflate: the zlib wrapper (raw deflate tried after).
            wbits = 16 + zlib.MAX_WBITS if self._coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        return zlib.decompressobj(wbits)

    def feed(self, data: bytes, room: int) -> Iterator[bytes]:
        """The decoded bytes of ``data`` in pieces of at most 1 MiB, stopping at ``room``.

        The caller stores each piece and stops when it has more than it may keep; the
        pieces are not joined here, which would hold the decoded bytes twice.
        """
        if self._unpacker is None:
            yield data[:room]
            return
        try:
            yield from self._unpack(data, room)
        except zlib.error:
            raise FetchRefused(_DAMAGED) from None

    def finish(self, room: int) -> bytes:
        """What the unpacker still holds at the end of the body (bounded by ``room``)."""
        if self._unpacker is None:
            return b""
        try:
            rest = self._unpacker.flush(max(room, 1))
        except zlib.error:
            raise FetchRefused(_DAMAGED) from None
        if self._seen_any and not self._unpacker.eof and len(rest) < room:
            raise FetchRefused("the compressed page ended before it was complete; try again.")
        return rest

    def _unpack(self, data: bytes, room: int) -> Iterator[bytes]:
        if data:
            self._seen_any = True
        produced = 0
        while data and produced < room:
            assert self._unpacker is not None
            try:
                piece = self._unpacker.decompress(data, min(room - produced, _PIECE))
            except zlib.error:
                # Servers often send raw deflate under "deflate"; browsers accept both.
                if self._coding != "deflate" or self._raw_deflate_tried or produced:
                    raise
                self._raw_deflate_tried = True
                self._unpacker = self._new_unpacker(-zlib.MAX_WBITS)
                continue
            self._raw_deflate_tried = True  # the wrapper was right: keep it
            produced += len(piece)
            if piece:
                yield piece
            if self._unpacker.unconsumed_tail:
                data = self._unpacker.unconsumed_tail  # the piece was full: go on
            elif self._unpacker.eof and self._unpacker.unused_data:
                # Another gzip member follows (concatenated gzip is valid).
                data = self._unpacker.unused_data
                self._unpacker = self._new_unpacker()
            else:
                data = b""
