"""The note under the reports' area tables when areas were reorganised between the periods they compare
(hr.metrics.omorganisering; docs/definitions-choices.md «Reorganisations»)."""

from __future__ import annotations

from collections.abc import Sequence

from babel.lists import format_list

from hr.metrics.omorganisering import AreaMove
from hr.periods import Period
from hr.wording import count
from reports.format import LOCALE, lang_dato


def note(moves: Sequence[AreaMove], compared: Period, period: Period) -> str | None:
    """«Omorganisering: 1. januar 2018 ble 2 enheter flyttet fra Barn og unge til Oppvekst barnehage, og Barn
    og unge ble lagt ned. …»; None without a move."""
    if not moves:
        return None
    moved = []
    for m in moves:
        text = f"{lang_dato(m.dato)} ble {count(m.enheter, 'enhet', 'enheter')} flyttet fra {m.fra} til {m.til}"
        moved.append(text + (f", og {m.fra} ble lagt ned" if m.fra_nedlagt else ""))
    changed = sorted({m.til for m in moves} | {m.fra for m in moves if not m.fra_nedlagt})
    gone = sorted({m.fra for m in moves if m.fra_nedlagt})
    text = (
        f"Omorganisering: {'; '.join(moved)}. Tallene for {compared.label_nb()} gjelder områdene slik de var da: "
        f"for {format_list(changed, locale=LOCALE)} er det ikke de samme enhetene som sammenlignes"
    )
    if gone:
        text += f", og {format_list(gone, locale=LOCALE)} har ingen tall for {period.label_nb()}"
    return text + "."
