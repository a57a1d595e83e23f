"""Showing what a passage is linked to: its other ends emphasised and brought into view."""

from __future__ import annotations

from collections.abc import Sequence

from xiaomi_reader.core import records
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.connectors import ConnectorOverlay

__all__ = ["reveal_counterparts"]


def reveal_counterparts(
    annotation_id: int | None,
    links: Sequence[records.Link],
    panes: Sequence[ArticlePane],
    overlay: ConnectorOverlay | None = None,
    *,
    scroll: bool = True,
) -> list[int]:
    """Show what an annotation is linked to; ``None`` clears it.

    Emphasises the other ends in every pane, thickens the annotation's connectors and
    (``scroll``) brings each other end that is off screen into view in a pane that is
    not showing the annotation itself (which stays where the reader is looking).
    Returns the other ends' ids.
    """
    mine = [
        link
        for link in links
        if annotation_id is not None and annotation_id in (link.source_id, link.target_id)
    ]
    others = list(
        dict.fromkeys(
            link.target_id if link.source_id == annotation_id else link.source_id for link in mine
        )
    )
    for pane in panes:
        pane.highlight_counterparts(others)
    if scroll and annotation_id is not None:
        away = [p for p in panes if p.passage_rect(annotation_id) is None]
        for other in others:
            if any(p.passage_rect(other) is not None for p in panes):
                continue
            for pane in away:
                if pane.scroll_to_annotation(other, flash=False):
                    break
    if overlay is not None:
        overlay.set_highlighted(link.id for link in mine)
        overlay.update_geometry()
    return others
