"""The one place that decides the environment: warehouse URL, working directory, keys, thresholds.

Built once by the CLI (or a flow's entry point) and passed down; nothing deeper reads environment
variables. Also switches off every phone-home of the libraries before they are imported.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hr.env_numbers import duckdb_threads, env_number, env_numbers

# No network: Prefect and Great Expectations must not try to send telemetry.
_OFFLINE_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLI_PROMPT": "false",
    # INFO reaches the Prefect API (the UI, `prefect flow-run logs`); the terminal shows warnings only.
    "PREFECT_LOGGING_LEVEL": "INFO",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
    # The temporary local Prefect server logs its own shutdown races (cancelled event flushes) with
    # tracebacks; they say nothing about the run, so only its critical errors reach the console.
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "MPLBACKEND": "Agg",
    # The temporary local server (no PREFECT_API_URL) needs longer than the 20 s default to start on a busy machine.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


def quiet_libraries() -> None:
    import logging

    for key, value in _OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)
    # Prefect's home (its database, result and cache storage) belongs to the working directory, so two
    # municipalities on one machine never share state; an explicit PREFECT_HOME is respected.
    if not os.environ.get("PREFECT_HOME"):
        wd = working_directory()
        os.environ["PREFECT_HOME"] = str(prefect_home(wd))
        try:  # Prefect makes its home but not the working directory above it (0700: it holds the key)
            from hr.paths import private_dir

            private_dir(wd)
        except OSError:
            pass  # Prefect then says it cannot make its home; the command reports the directory itself
    # Great Expectations announces its temporary docs directory at INFO on every validation.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    # WeasyPrint warns on every PDF when the system lacks libharfbuzz-subset (README: optional, faster).
    logging.getLogger("weasyprint").setLevel(logging.ERROR)


# Upper bounds of the pipeline's steps (Prefect timeout_seconds), far above what Oslo-sized data needs
# (docs/scale.md), so that a hung step fails the run instead of holding the warehouse slot for ever.
# The wait for an approver has its own limit (flows/delivery.py) and no timeout.
INGEST_TIMEOUT_SECONDS = 2 * 3600
COMPUTE_TIMEOUT_SECONDS = 3600
RENDER_TIMEOUT_SECONDS = 3600


# DEFINITIONS.md "Small numbers": the suppression threshold is 5 unless set, and never below 3.
MIN_N_DEFAULT = 5
MIN_N_FLOOR = 3


def checked_min_n(value: object, source: str) -> int:
    """The suppression threshold as given in `source` (kommune.yaml, HR_MIN_N), refused below the floor."""
    from hr.errors import UsageError

    text = str(value).strip()
    try:
        number = int(text)
    except ValueError:
        raise UsageError(
            f"{source}: min_n må være et helt tall (minst {MIN_N_FLOOR}, standard {MIN_N_DEFAULT}), ikke «{text[:20]}»."
        ) from None
    if number < MIN_N_FLOOR:
        raise UsageError(
            f"{source}: min_n er {number}, men grensen for små tall kan ikke settes under {MIN_N_FLOOR}: med en "
            f"lavere grense ville tall om sykefravær, innvandrerbakgrunn og uførepensjon for grupper på én eller to "
            f"personer bli publisert. Sett min_n til {MIN_N_FLOOR} eller mer, eller fjern den (standard "
            f"{MIN_N_DEFAULT}). Ingenting er lastet."
        )
    return number


@dataclass(frozen=True)
class Settings:
    workdir: Path
    warehouse_url: str = field(repr=False)  # may carry a password from a Secret block
    pseudonym_key: bytes = field(repr=False)
    min_n: int = 5
    # HR_REPORTING_URL: where the compute step reads the aggregate views (PostgreSQL: as the reporting role,
    # which cannot read person-level tables; docs/personvern.md). Empty: the warehouse URL itself.
    reporting_warehouse_url: str | None = field(default=None, repr=False)

    @property
    def reporting_url(self) -> str:
        """The URL the report flows compute from; ingest and transform always use `warehouse_url` (the loader)."""
        return self.reporting_warehouse_url or self.warehouse_url

    @property
    def archive_dir(self) -> Path:
        return self.workdir / "arkiv"


def working_directory(workdir: Path | str | None = None, env: Mapping[str, str] | None = None) -> Path:
    """The working directory: `workdir`, else HR_HOME, else .hr (absolute; not created here)."""
    env = os.environ if env is None else env
    return Path(workdir or env.get("HR_HOME") or ".hr").resolve()


def prefect_home(workdir: Path) -> Path:
    """PREFECT_HOME of every command and flow run unless set: `prefect` in the working directory."""
    return workdir / "prefect"


def serve_home(workdir: Path) -> Path:
    """Where `make serve` keeps its Prefect server: database, settings and the server/worker logs."""
    return workdir / "prefect-server"


def _default_warehouse(workdir: Path) -> str:
    return f"duckdb:///{(workdir / 'warehouse.duckdb').resolve()}"


def _pseudonym_key(workdir: Path, env: dict[str, str]) -> bytes:
    """The HMAC key for fødselsnummer pseudonyms: HR_PSEUDONYM_KEY, else a key file made once in the workdir.

    Either holds 32 random bytes as 64 hex digits or 44 base64 characters; an empty, short or malformed key
    is refused (hr.ingest.pseudonym.parse_key), never used: an empty key would make the pseudonyms
    reversible by hashing every possible number. A set but empty HR_PSEUDONYM_KEY is refused too, rather
    than quietly falling back to a key file (which would give other pseudonyms).
    """
    from hr.paths import private_dir, write_private
    from hr.pseudonym_key import new_key_text, parse_key

    if "HR_PSEUDONYM_KEY" in env:
        return parse_key(env["HR_PSEUDONYM_KEY"], "miljøvariabelen HR_PSEUDONYM_KEY")
    path = workdir / "pseudonym.key"
    if not path.exists():
        private_dir(workdir)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")  # this writer's own
        write_private(tmp, (new_key_text() + "\n").encode("ascii"))
        try:
            os.link(tmp, path)  # never replaces a key another process has just made
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return parse_key(path.read_text(encoding="ascii", errors="replace"), f"fila {path}")


def build_settings(
    workdir: Path | str | None = None,
    warehouse_url: str | None = None,
    min_n: int | None = None,
    env: dict[str, str] | None = None,
    reporting_url: str | None = None,
) -> Settings:
    env = dict(os.environ if env is None else env)
    check_operator_numbers(env)
    wd = working_directory(workdir, env)
    from hr.paths import private_dir

    private_dir(wd)  # holds the key file, the archive of raw files and the embedded warehouse
    url = warehouse_url or env.get("HR_WAREHOUSE_URL") or _default_warehouse(wd)
    reporting = reporting_url or env.get("HR_REPORTING_URL") or None
    return Settings(
        workdir=wd,
        warehouse_url=with_block_password(url, env),
        pseudonym_key=_pseudonym_key(wd, env),
        min_n=checked_min_n(min_n, "min_n")
        if min_n is not None
        else checked_min_n(env["HR_MIN_N"], "HR_MIN_N")
        if str(env.get("HR_MIN_N", "")).strip()
        else MIN_N_DEFAULT,
        reporting_warehouse_url=with_block_password(reporting, env) if reporting else None,
    )


def secret_value(block_name: str, what: str) -> str:
    """The value of the Prefect Secret block `block_name` (on the configured Prefect server)."""
    from hr.errors import UsageError

    try:
        from prefect.blocks.system import Secret

        block = Secret.load(block_name)
        assert isinstance(block, Secret)  # the block itself, not a coroutine: no caller runs in an event loop
        value: str = block.get()
        return value
    except Exception as exc:  # noqa: BLE001 - any failure: the block is unusable, said without its value
        raise UsageError(
            f"{what}: Prefect-hemmeligheten {block_name!r} kunne ikke leses ({type(exc).__name__})"
        ) from None


def has_password(url: str | None) -> bool:
    """True when a database URL carries a password (such a URL must not be a flow parameter)."""
    if not url or not url.startswith("postgresql"):
        return False
    from sqlalchemy.engine import make_url

    return bool(make_url(url).password)


def with_block_password(url: str, env: dict[str, str]) -> str:
    """A PostgreSQL URL without a password gets the one in the Secret block named by HR_PG_PASSWORD_BLOCK.

    Without that variable the URL is used as it is: libpq then takes PGPASSWORD or ~/.pgpass from the
    worker's environment. A URL that already has a password (HR_WAREHOUSE_URL on the worker) is kept."""
    block = env.get("HR_PG_PASSWORD_BLOCK")
    if not block or not url.startswith("postgresql") or has_password(url):
        return url
    from sqlalchemy.engine import make_url

    return make_url(url).set(password=secret_value(block, "HR_PG_PASSWORD_BLOCK")).render_as_string(hide_password=False)


def scheduled_paths(landing: str | None, out: str | None, env: dict[str, str] | None = None) -> tuple[str, str]:
    """Landing and output directory of a scheduled run: the run's parameter when given (an empty string,
    from an unset `{{ $HR_LANDING }}` in prefect.yaml, counts as not given), else HR_LANDING / HR_OUT,
    else data/landing and out/rapporter under the working directory."""
    env = dict(os.environ if env is None else env)
    return (landing or env.get("HR_LANDING") or "data/landing", out or env.get("HR_OUT") or "out/rapporter")


def failure_webhook_url(env: dict[str, str] | None = None) -> str | None:
    """Where a failed scheduled run is reported (HR_VARSLING_URL, an HTTP(S) URL taking a JSON POST)."""
    env = dict(os.environ if env is None else env)
    return env.get("HR_VARSLING_URL") or None


def failure_mail_addresses(env: dict[str, str] | None = None) -> list[str]:
    """Operators who get the failure notice by e-mail (HR_VARSLING_EPOST, comma-separated), via HR_SMTP_*."""
    env = dict(os.environ if env is None else env)
    return [a.strip() for a in (env.get("HR_VARSLING_EPOST") or "").split(",") if a.strip()]


@dataclass(frozen=True)
class SmtpSettings:
    """Where approved reports are sent from (flows/delivery.py). Never in the repository: environment only."""

    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False


def smtp_settings(env: dict[str, str] | None = None) -> SmtpSettings | None:
    """HR_SMTP_HOST, HR_SMTP_PORT (25), HR_SMTP_FROM, optional HR_SMTP_USER/HR_SMTP_PASSWORD and
    HR_SMTP_STARTTLS (true/false); None when HR_SMTP_HOST or HR_SMTP_FROM is unset. Without
    HR_SMTP_PASSWORD the password is read from the Prefect Secret block HR_SMTP_PASSWORD_BLOCK names."""
    env = dict(os.environ if env is None else env)
    if not env.get("HR_SMTP_HOST") or not env.get("HR_SMTP_FROM"):
        return None
    return SmtpSettings(
        host=env["HR_SMTP_HOST"],
        port=smtp_port(env),
        sender=env["HR_SMTP_FROM"],
        user=env.get("HR_SMTP_USER") or None,
        password=env.get("HR_SMTP_PASSWORD")
        or (
            secret_value(env["HR_SMTP_PASSWORD_BLOCK"], "HR_SMTP_PASSWORD_BLOCK")
            if env.get("HR_SMTP_PASSWORD_BLOCK")
            else None
        ),
        starttls=(env.get("HR_SMTP_STARTTLS") or "").lower() in ("1", "true", "ja", "yes"),
    )


def smtp_port(env: Mapping[str, str]) -> int:
    """HR_SMTP_PORT, a whole number from 1 to 65535 (hr.env_numbers refuses the rest); 25 when unset."""
    port = env_number(env, "HR_SMTP_PORT", minimum=1, maximum=65535, integer=True)
    return 25 if port is None else int(port)


def recipients_file(env: dict[str, str] | None = None) -> Path | None:
    """The distribution lists (referanse/mottakere.yaml format) HR_MOTTAKERE names; None when it is unset.
    There is no fallback: the repository's referanse/mottakere.yaml is an example (@example.org), and a
    municipality that chose no list must get no mail sent to one (a delivery stops before rendering)."""
    env = dict(os.environ if env is None else env)
    return Path(env["HR_MOTTAKERE"]) if env.get("HR_MOTTAKERE") else None


@dataclass(frozen=True)
class WarehousePatience:
    """How long an ingest waits for the warehouse: between connection attempts, and for another ingest."""

    retry_delays: tuple[float, ...] = (2.0, 4.0, 8.0, 16.0)
    lock_timeout: float = 900.0


def warehouse_patience(env: Mapping[str, str] | None = None) -> WarehousePatience:
    """HR_WAREHOUSE_RETRY_DELAYS: seconds between connection attempts, comma-separated (default 2,4,8,16);
    HR_INGEST_LOCK_TIMEOUT: seconds an ingest waits while another one holds the same warehouse (default 900)."""
    env = os.environ if env is None else env
    default = WarehousePatience()
    delays = env_numbers(env, "HR_WAREHOUSE_RETRY_DELAYS", minimum=0, unit=" (sekunder)")
    timeout = env_number(env, "HR_INGEST_LOCK_TIMEOUT", minimum=0, unit=" (sekunder)")
    return WarehousePatience(
        retry_delays=default.retry_delays if delays is None else delays,
        lock_timeout=default.lock_timeout if timeout is None else float(timeout),
    )


def check_operator_numbers(env: Mapping[str, str]) -> None:
    """Refuse a malformed operator number (hr.env_numbers) when the settings are built, before any work starts,
    rather than at the first connection, the first wait or the first mail."""
    warehouse_patience(env)
    duckdb_threads(env)
    smtp_port(env)


quiet_libraries()  # at import, before any library reads its settings (it needs working_directory above)
