"""A reader's attack on published figures files (issue "Personvern", DEFINITIONS.md "Small numbers").

Under the proportionate rule only the sensitive families (sick leave, immigrant background, disability
pensions, pay by gender) are ever suppressed, so every non-sensitive count (årsverk, persons, leavers,
pensions of other types, ... of every area, the small ones too) is published and known to the attacker,
and every suppressed cell attacked is a sensitive one. The attacker has the figures files exactly as
published (the csv rows: every shown value and n, which cells are suppressed) and knows how the figures
hang together from DEFINITIONS.md: which cells add up to
which total (areas to "Hele kommunen", K and M to the total, age bands to a gender, reasons to all
leavers, ...), which figures describe the same persons (the same n), and how a rate is built from
day-works. Every such relation is an equation between published quantities; the attack solves them by
propagation (an equation with exactly one unknown gives that unknown, again and again). It tries:

- the suppressed row's own `verdi` and `n` columns;
- a total minus the visible cells of its table, for values (where they add up) and for n;
- K + M = total, for values and n, also for the age-band columns;
- rates weighted by agreed day-works or by n (a rate x its base is an additive count);
- links between metrics (årsverk fast + midlertidig, minority men + women = the minority n, ...), and
  between a sensitive figure and a published non-sensitive count (the minority share x the area's
  årsverk = the minority's årsverk; disability pensions by provider = all disability pensions);
- periods: a year's sick-leave rate from the two half-years' day-works (when both files are given);
- the breakdowns of sick leave (issue 18): the n of the age bands (and kompetansegrupper) add up to the
  total's n.

Some relations hold only in the usual case (a person in two areas counts once in the total); a guess
built on one is still a guess, and a suppressed cell counts as recovered only when a quantity the
attack found equals the true one.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from fractions import Fraction

from hr.figures import HELE_KOMMUNEN, Figure

HK = HELE_KOMMUNEN
Key = tuple[str, str, str, str]

ADDITIVE_UNITS = {"dagsverk", "personer", "arsverk", "kroner"}
# figures whose value is a head count or a number of cases: the value is the n
COUNTS = {
    "personer_fast",
    "personer_midlertidig",
    "personer_maanedslonnet",
    "timelonnede_personer",
    "personer_totalt",
    "avganger",
    "minoritet_menn",
    "minoritet_kvinner",
    "laerlinger",
    "nye_pensjoner",
    "nye_pensjoner_leverandor",
}
PROSENT, KORTTID, LANGTID = "sykefravaer_prosent", "sykefravaer_korttid_prosent", "sykefravaer_langtid_prosent"
EGENMELDT, LEGEMELDT = "sykefravaer_egenmeldt_prosent", "sykefravaer_legemeldt_prosent"
TAPTE, AVTALTE, VARIGHET = "sykefravaer_tapte_dagsverk", "sykefravaer_avtalte_dagsverk", "sykefravaer_varighet_prosent"
SICK_GROUP = (PROSENT, KORTTID, LANGTID, EGENMELDT, LEGEMELDT, TAPTE, AVTALTE)
SICK_RATES = (PROSENT, KORTTID, LANGTID, EGENMELDT, LEGEMELDT, VARIGHET)
DURATIONS = ("1-3", "4-16", "17-56", "57+")
KOMPETANSE = ("UFAGLAERT", "FAGARBEIDER", "HOYSKOLE")
KPI_PERIOD = {"andel_deltid_under_80_prosent": lambda y: f"{y}-12-31"}


def published_rows(text: str) -> list[dict[str, str]]:
    """The rows of a figures file, as text."""
    return list(csv.DictReader(io.StringIO(text)))


def hidden_keys(rows: Iterable[dict[str, str]]) -> list[Key]:
    return [_key(r) for r in rows if r["prikket"] == "true"]


def _key(r: dict[str, str]) -> Key:
    return (r["metric"], r["period"], r["omrade"], r["gruppe"])


def V(key: Key) -> tuple:
    return ("v", key)


def N(key: Key) -> tuple:
    return ("n", key)


class Attack:
    """Every relation between the published cells, solved as far as the published numbers allow."""

    def __init__(self, rows: Iterable[dict[str, str]]):
        self.known: dict[tuple, Fraction] = {}
        self.how: dict[tuple, str] = {}
        self.linear: list[tuple[dict[tuple, Fraction], Fraction, str]] = []  # sum(c * q) = const
        self.products: list[tuple[tuple, tuple, tuple, Fraction, str]] = []  # p = k * a * b
        self.units: dict[Key, str] = {}
        for r in rows:
            k = _key(r)
            self.units[k] = r["enhet"]
            for q, text in ((V(k), r["verdi"]), (N(k), r["n"])):
                if text != "" and q not in self.known:
                    self.known[q] = Fraction(text)
                    self.how[q] = "publisert i tallfila"
        self._relations()
        self._solve()

    # --- the relations -------------------------------------------------------------------------------

    def has(self, key: Key) -> bool:
        return key in self.units

    def eq(self, total: tuple, parts: list[tuple], label: str, const: Fraction = Fraction(0)) -> None:
        """total = sum(parts) + const."""
        coefs: dict[tuple, Fraction] = defaultdict(Fraction)
        coefs[total] += 1
        for p in parts:
            coefs[p] -= 1
        self.linear.append((dict(coefs), const, label))

    def product(self, p: tuple, a: tuple, b: tuple, label: str, k: Fraction = Fraction(1)) -> None:
        """p = k * a * b."""
        self.products.append((p, a, b, k, label))

    def _relations(self) -> None:
        keys = list(self.units)
        for k in keys:
            if k[0] in COUNTS:
                self.eq(V(k), [N(k)], "verdien er antallet personer")
        self._area_tables(keys)
        self._gender_tables(keys)
        self._sick_leave(keys)
        self._breakdowns(keys)
        self._workforce(keys)

    def _additive(self, key: Key) -> bool:
        return self.units[key] in ADDITIVE_UNITS or key[0] in COUNTS

    def _weighted(self, total: Key, parts: list[Key], label: str) -> None:
        """A share or mean times its n is additive (shares of persons, mean ages); the same with day-works
        for sick-leave rates."""

        def w(k: Key, by: str) -> tuple:
            return ("vekt", by, k)

        self.eq(w(total, "n"), [w(k, "n") for k in parts], label + " (vektet med n)")
        for k in [total, *parts]:
            self.product(w(k, "n"), V(k), N(k), "andel x n")
        if total[0] in SICK_RATES:
            base = [(AVTALTE, k[1], k[2], "") for k in [total, *parts]]
            if all(self.has(b) for b in base):
                self.eq(w(total, "dagsverk"), [w(k, "dagsverk") for k in parts], label + " (vektet med dagsverk)")
                for k, b in zip([total, *parts], base):
                    self.product(w(k, "dagsverk"), V(k), V(b), "andel x avtalte dagsverk")

    def _area_tables(self, keys: list[Key]) -> None:
        tables: dict[tuple, list[Key]] = defaultdict(list)
        for k in keys:
            if k[2] != HK:
                tables[(k[0], k[1], k[3])].append(k)
        for (metric, period, gruppe), areas in tables.items():
            total = (metric, period, HK, gruppe)
            if not self.has(total):
                continue
            label = f"totalen minus de andre områdene ({metric} {period} {gruppe})"
            self.eq(N(total), [N(k) for k in areas], label + ", n")
            if self._additive(total):
                self.eq(V(total), [V(k) for k in areas], label)
            else:
                self._weighted(total, areas, label)

    def _gender_tables(self, keys: list[Key]) -> None:
        for k in keys:
            if k[3] != "K":
                continue
            men, total = (k[0], k[1], k[2], "M"), (k[0], k[1], k[2], "")
            if not (self.has(men) and self.has(total)):
                continue
            label = f"totalen minus det andre kjønnet ({k[0]} {k[1]} {k[2]})"
            self.eq(N(total), [N(k), N(men)], label + ", n")
            if self._additive(total):
                self.eq(V(total), [V(k), V(men)], label)
            else:
                self._weighted(total, [k, men], label)

    def _sick_leave(self, keys: list[Key]) -> None:
        groups = {(k[1], k[2], k[3]) for k in keys if k[0] in SICK_GROUP}
        for period, omrade, gruppe in groups:

            def key(metric: str, g: str = gruppe, period: str = period, omrade: str = omrade) -> Key:
                return (metric, period, omrade, g)

            present = [key(m) for m in SICK_GROUP if self.has(key(m))]
            present += [key(VARIGHET, g) for g in DURATIONS if gruppe == "" and self.has(key(VARIGHET, g))]
            for k in present[1:]:  # one group's figures are about the same persons
                self.eq(N(present[0]), [N(k)], "samme gruppe, samme n")
            if all(self.has(key(m)) for m in (PROSENT, KORTTID, LANGTID)):
                self.eq(V(key(PROSENT)), [V(key(KORTTID)), V(key(LANGTID))], "korttid + langtid")
            if all(self.has(key(m)) for m in (PROSENT, EGENMELDT, LEGEMELDT)):
                self.eq(V(key(PROSENT)), [V(key(EGENMELDT)), V(key(LEGEMELDT))], "egenmeldt + legemeldt")
            if gruppe == "" and all(self.has(key(VARIGHET, g)) for g in DURATIONS):
                self.eq(V(key(PROSENT)), [V(key(VARIGHET, g)) for g in DURATIONS], "varighetene")
                if self.has(key(KORTTID)):
                    self.eq(V(key(KORTTID)), [V(key(VARIGHET, g)) for g in DURATIONS[:2]], "korttid = 1-16 dager")
            if self.has(key(AVTALTE)) and self.has(key(TAPTE)) and self.has(key(PROSENT)):
                self.product(
                    V(key(TAPTE)), V(key(PROSENT)), V(key(AVTALTE)), "tapte = andel x avtalte", Fraction(1, 100)
                )
            # periods: a year's rate from its half-years' day-works (the half-year reports)
            if len(period) == 4 and gruppe == "" and self.has(key(PROSENT)):
                halves = [f"{period}H1", f"{period}H2"]
                agreed = [(AVTALTE, h, omrade, "") for h in halves]
                lost = [(TAPTE, h, omrade, "") for h in halves]
                if all(self.has(k) for k in agreed + lost):
                    a, t = ("år", "avtalte", period, omrade), ("år", "tapte", period, omrade)
                    self.eq(a, [V(k) for k in agreed], "året = halvårene (avtalte)")
                    self.eq(t, [V(k) for k in lost], "året = halvårene (tapte)")
                    self.product(t, V(key(PROSENT)), a, "året: tapte = andel x avtalte", Fraction(1, 100))

    def _breakdowns(self, keys: list[Key]) -> None:
        """Sick leave by age band and by kompetansegruppe (issue 18): every person of the total is in one
        band (and, in the usual case, one kompetansegruppe), so the cells' n add up to the total's n. The five
        largest position codes are not all codes: no sum."""
        tables: dict[tuple, list[Key]] = defaultdict(list)
        for k in keys:
            dim = k[3].split(":", 1)[0] if ":" in k[3] else None
            if k[0].startswith("sykefravaer_") and dim in ("alder", "kompetanse"):
                tables[(k[0], k[1], k[2], dim)].append(k)
        for (metric, period, omrade, dim), cells in tables.items():
            total = (metric, period, omrade, "")
            if self.has(total):
                self.eq(N(total), [N(k) for k in cells], f"{dim}sgruppene, n ({metric} {period})")

    def _workforce(self, keys: list[Key]) -> None:
        places = {(k[1], k[2]) for k in keys}
        for period, omrade in places:

            def key(metric: str, gruppe: str = "", period: str = period, omrade: str = omrade) -> Key:
                return (metric, period, omrade, gruppe)

            def have(*metrics: str) -> bool:
                return all(self.has(key(m)) for m in metrics)

            if have("arsverk", "arsverk_fast", "arsverk_midlertidig"):
                self.eq(
                    V(key("arsverk")), [V(key("arsverk_fast")), V(key("arsverk_midlertidig"))], "fast + midlertidig"
                )
            for a, b in (
                ("arsverk", "personer_maanedslonnet"),
                ("arsverk_fast", "personer_fast"),
                ("arsverk_midlertidig", "personer_midlertidig"),
                ("minoritet_arsverk", "minoritet_andel_prosent"),
                ("laerlinger", "laerlinger_per_1000_innbyggere"),
            ):
                if have(a, b):
                    self.eq(N(key(a)), [N(key(b))], "samme personer, samme n")
            if have("personer_maanedslonnet", "personer_fast", "personer_midlertidig"):
                self.eq(
                    V(key("personer_maanedslonnet")),
                    [V(key("personer_fast")), V(key("personer_midlertidig"))],
                    "månedslønnede = faste + midlertidige (vanligvis)",
                )
            if have("personer_totalt", "personer_maanedslonnet", "timelonnede_personer"):
                self.eq(
                    V(key("personer_totalt")),
                    [V(key("personer_maanedslonnet")), V(key("timelonnede_personer"))],
                    "alle = månedslønnede + timelønnede (vanligvis)",
                )
            if have("minoritet_arsverk", "minoritet_menn", "minoritet_kvinner"):
                self.eq(
                    N(key("minoritet_arsverk")),
                    [V(key("minoritet_menn")), V(key("minoritet_kvinner"))],
                    "innvandrerbakgrunn: menn + kvinner = n",
                )
            if have("minoritet_andel_prosent", "arsverk", "minoritet_arsverk"):
                self.product(
                    V(key("minoritet_arsverk")),
                    V(key("minoritet_andel_prosent")),
                    V(key("arsverk")),
                    "andel x årsverk",
                    Fraction(1, 100),
                )
            if have("turnover_prosent", "avganger"):
                self.product(
                    V(key("avganger")),
                    V(key("turnover_prosent")),
                    N(key("turnover_prosent")),
                    "avganger = turnover x grunnlag",
                    Fraction(1, 100),
                )
            comp = [key("kompetanse_andel_prosent", g) for g in KOMPETANSE]
            if all(self.has(k) for k in comp):
                self.eq(("konstant", 100), [V(k) for k in comp], "kompetansegruppene er 100 %")
                self.known[("konstant", 100)] = Fraction(100)
                for k in comp[1:]:
                    self.eq(N(comp[0]), [N(k)], "samme personer, samme n")
                if have("andel_faglaerte_prosent"):
                    self.eq(V(key("andel_faglaerte_prosent")), [V(comp[1]), V(comp[2])], "faglærte")
                    self.eq(N(key("andel_faglaerte_prosent")), [N(comp[0])], "samme personer, samme n")
            if omrade != HK:
                continue
            # age bands by gender: each gender's column adds up to that gender's mean-age n; all to the total
            cells = [k for k in keys if k[0] == "arsverk_aldersgruppe" and k[1] == period]
            for kjonn in ("K", "M"):
                column = [k for k in cells if k[3].endswith(f"|{kjonn}")]
                if column and self.has(key("gjennomsnittsalder", kjonn)):
                    self.eq(N(key("gjennomsnittsalder", kjonn)), [N(k) for k in column], f"aldersgrupper {kjonn}, n")
            if cells:
                if self.has(key("gjennomsnittsalder")):
                    self.eq(N(key("gjennomsnittsalder")), [N(k) for k in cells], "aldersgrupper, n")
                if have("personer_maanedslonnet"):
                    self.eq(N(key("personer_maanedslonnet")), [N(k) for k in cells], "aldersgrupper, n")
                if have("arsverk"):
                    self.eq(V(key("arsverk")), [V(k) for k in cells], "aldersgrupper, årsverk")
            reasons = [k for k in keys if k[:3] == ("avganger", period, HK) and k[3]]
            if reasons and have("avganger"):
                self.eq(V(key("avganger")), [V(k) for k in reasons], "avganger etter årsak")
            for typ in {k[3].split("|")[0] for k in keys if k[:3] == ("nye_pensjoner_leverandor", period, HK)}:
                providers = [
                    k for k in keys if k[:3] == ("nye_pensjoner_leverandor", period, HK) and k[3].split("|")[0] == typ
                ]
                if self.has(key("nye_pensjoner", typ)):
                    self.eq(V(key("nye_pensjoner", typ)), [V(k) for k in providers], "pensjoner etter leverandør")
            groups = [k for k in keys if k[:3] == ("lonn_kvinner_andel_av_menn_prosent", period, HK) and k[3]]
            if groups and self.has(key("lonn_kvinner_andel_av_menn_prosent")):
                self.eq(
                    N(key("lonn_kvinner_andel_av_menn_prosent")),
                    [N(k) for k in groups],
                    "lønn etter kompetansegruppe, n (vanligvis)",
                )
            for k in keys:  # the kpi rows repeat the indicator's own figure
                if k[:3] == ("kpi", period, HK):
                    source = (k[3], KPI_PERIOD.get(k[3], str)(period), HK, "")
                    if self.has(source):
                        self.eq(V(k), [V(source)], "kpi = indikatoren")
                        self.eq(N(k), [N(source)], "kpi = indikatoren")
                if k[:3] == ("kpi_trend_3aar", period, HK):
                    y, period_of = int(period), KPI_PERIOD.get(k[3], str)
                    now, then = (k[3], period_of(y), HK, ""), (k[3], period_of(y - 3), HK, "")
                    if self.has(now) and self.has(then):
                        self.linear.append(
                            ({V(now): Fraction(1), V(then): Fraction(-1), V(k): Fraction(-3)}, Fraction(0), "kpi-trend")
                        )

    # --- solving ---------------------------------------------------------------------------------------

    def _solve(self) -> None:
        changed = True
        while changed:
            changed = False
            for coefs, const, label in self.linear:
                unknown = [q for q in coefs if q not in self.known]
                if len(unknown) != 1 or coefs[unknown[0]] == 0:
                    continue
                q = unknown[0]
                rest = sum((c * self.known[p] for p, c in coefs.items() if p != q), Fraction(0))
                self.known[q], self.how[q] = (const - rest) / coefs[q], label
                changed = True
            for p, a, b, k, label in self.products:
                unknown = [q for q in (p, a, b) if q not in self.known]
                if len(unknown) != 1:
                    continue
                q = unknown[0]
                if q == p:
                    value = k * self.known[a] * self.known[b]
                else:
                    other = self.known[b if q == a else a]
                    if other == 0:
                        continue
                    value = self.known[p] / (k * other)
                self.known[q], self.how[q] = value, label
                changed = True

    # --- the verdict -------------------------------------------------------------------------------------

    def recovered(self, key: Key, truth: Figure) -> list[str]:
        """What the attack found of a suppressed cell that equals the truth: [] when nothing."""
        out = []
        for q, secret in ((V(key), truth.verdi), (N(key), truth.n)):
            if secret is None or q not in self.known:
                continue
            guess = self.known[q]
            if abs(float(guess) - float(secret)) <= 1e-6 * max(1.0, abs(float(secret))):
                out.append(f"{q[0]} = {float(guess)} ({self.how[q]})")
        return out
