"""The delivery e-mail against a real SMTP server (aiosmtpd on 127.0.0.1): every recipient Bcc and nobody
else, the PDF attached byte for byte, the headline sentences in the body, and errors and logs that
name counts and servers, never an address. Also the distribution list and the SMTP settings."""

from __future__ import annotations

import email
from email import policy

import pytest

from flows.serve import free_port
from hr.delivery.mail import MailError, body_text, build_message, send, subject
from hr.delivery.recipients import Recipient, load_recipients
from hr.errors import UsageError
from hr.paths import ROOT
from hr.settings import SmtpSettings, recipients_file, smtp_settings

RECIPIENTS = [
    Recipient(navn="Hanne Direktør", epost="hr-direktor@example.org"),
    Recipient(navn="Utvalgssekretær", epost="au@example.org"),
    Recipient(navn="AMU", epost="amu@example.org"),
]
SENTENCES = [
    "Sykefraværet gikk ned fra 7,2 % i 1. halvår 2017 til 6,9 % i 1. halvår 2018.",
    "Målet på 7,0 % er nådd.",
    "Korttidsfraværet (1–16 dager) var 2,5 % og langtidsfraværet (17 dager eller mer) 4,4 %.",
]


class Inbox:
    """aiosmtpd handler: keeps every envelope; refuses RCPT for the addresses in `refuse`."""

    def __init__(self, refuse: set[str] = frozenset()):
        self.envelopes = []
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 ukjent mottaker"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    servers = []

    def start(refuse=frozenset()):
        inbox = Inbox(refuse)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        servers.append(controller)
        return inbox, SmtpSettings(host="127.0.0.1", port=controller.port, sender="HR-rapport <hr@example.org>")

    yield start
    for c in servers:
        c.stop()


@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "sykefravaer_2018H1.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    return path


def _message(smtp, pdf, recipients=RECIPIENTS):
    title = subject("sykefravaer", "1. halvår 2018", "Bærum kommune")
    return build_message(smtp, recipients, title, body_text(title, SENTENCES, "Kari Nordmann", "Ser bra ut."), pdf)


def test_mail_goes_to_exactly_the_listed_recipients_as_bcc_with_the_pdf_and_the_headline(smtp_server, pdf):
    inbox, smtp = smtp_server()
    accepted, refused = send(_message(smtp, pdf), smtp)

    assert (accepted, refused) == (3, 0)
    assert len(inbox.envelopes) == 1
    env = inbox.envelopes[0]
    assert sorted(env.rcpt_tos) == sorted(r.epost for r in RECIPIENTS)
    raw = env.content if isinstance(env.content, bytes) else env.content.encode()
    # Bcc: no recipient can see another's address in what was transmitted.
    assert b"Bcc" not in raw and not any(r.epost.encode() in raw for r in RECIPIENTS)
    received = email.message_from_bytes(raw, policy=policy.default)
    assert received["Subject"] == "Sykefravær – status 1. halvår 2018 – Bærum kommune"
    body = received.get_body(("plain",)).get_content()
    for sentence in SENTENCES:
        assert sentence in body
    assert "godkjent av Kari Nordmann" in body and "Ser bra ut." in body
    [attachment] = list(received.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "sykefravaer_2018H1.pdf"
    assert attachment.get_content() == pdf.read_bytes()


def test_a_refused_recipient_is_counted_not_named(smtp_server, pdf):
    inbox, smtp = smtp_server(refuse={"au@example.org"})
    assert send(_message(smtp, pdf), smtp) == (2, 1)
    assert sorted(inbox.envelopes[0].rcpt_tos) == ["amu@example.org", "hr-direktor@example.org"]


def test_all_recipients_refused_or_no_server_is_a_clear_error_without_addresses(smtp_server, pdf):
    inbox, smtp = smtp_server(refuse={r.epost for r in RECIPIENTS})
    with pytest.raises(MailError) as refused:
        send(_message(smtp, pdf), smtp)
    assert "avviste alle 3 mottakerne" in str(refused.value)
    assert inbox.envelopes == []

    dead = SmtpSettings(host="127.0.0.1", port=free_port(), sender="hr@example.org")
    with pytest.raises(MailError) as unreachable:
        send(_message(dead, pdf), dead, timeout=5)
    for exc in (refused.value, unreachable.value):
        assert "@" not in str(exc)
    assert f"127.0.0.1:{dead.port}" in str(unreachable.value)
    assert "ingen SMTP-server svarer på porten" in str(unreachable.value)
    assert "Error" not in str(unreachable.value)  # in words, not Python's ConnectionRefusedError


def test_the_repository_list_has_only_example_org_addresses_for_both_reports():
    for report in ("sykefravaer", "medarbeidere"):
        recipients = load_recipients(ROOT / "referanse" / "mottakere.yaml", report)
        assert recipients and all(r.epost.endswith("@example.org") for r in recipients)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sykefravaer: []\n", "ingen mottakere for sykefravaer"),
        ("medarbeidere:\n  - navn: A\n    epost: a@example.org\n", "ingen mottakere for sykefravaer"),
        (
            "sykefravaer:\n  - navn: A\n    epost: a@example.org\n  - navn: B\n    epost: ikke-en-adresse\n",
            "mottaker nr. 2: ugyldig epost",
        ),
        ("sykefravaer:\n  - navn: A\n    epost: a@example.org, b@example.org\n", "mottaker nr. 1: ugyldig epost"),
        (
            "sykefravaer:\n  - navn: A\n    epost: a@example.org\n  - navn: B\n    epost: A@example.org\n",
            "samme adresse flere ganger",
        ),
        ("sykefravaer: [\n", "ikke gyldig YAML"),
    ],
)
def test_a_broken_distribution_list_is_refused_with_the_entry_not_the_address(tmp_path, text, expected):
    path = tmp_path / "mottakere.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        load_recipients(path, "sykefravaer")
    assert expected in str(exc.value)
    assert "ikke-en-adresse" not in str(exc.value) and "b@example.org" not in str(exc.value)


def test_smtp_settings_come_from_the_environment_and_the_password_is_never_shown():
    assert smtp_settings(env={}) is None
    assert smtp_settings(env={"HR_SMTP_HOST": "smtp.kommune.no"}) is None  # no sender: nothing can be sent
    s = smtp_settings(
        env={
            "HR_SMTP_HOST": "smtp.kommune.no",
            "HR_SMTP_PORT": "587",
            "HR_SMTP_FROM": "hr@example.org",
            "HR_SMTP_USER": "hr",
            "HR_SMTP_PASSWORD": "hemmelig",
            "HR_SMTP_STARTTLS": "true",
        }
    )
    assert (s.host, s.port, s.sender, s.user, s.password, s.starttls) == (
        "smtp.kommune.no",
        587,
        "hr@example.org",
        "hr",
        "hemmelig",
        True,
    )
    assert "hemmelig" not in repr(s)
    assert smtp_settings(env={"HR_SMTP_HOST": "h", "HR_SMTP_FROM": "f@example.org"}).port == 25
    assert recipients_file(env={"HR_MOTTAKERE": "/srv/hr/mottakere.yaml"}).as_posix() == "/srv/hr/mottakere.yaml"
    assert recipients_file(env={}) is None  # never the repository's example list in its place
    assert recipients_file(env={"HR_MOTTAKERE": ""}) is None


def _self_signed(tmp_path):
    """A certificate for 127.0.0.1 signed by itself (cryptography), as PEM files."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


def test_starttls_verifies_the_servers_certificate(tmp_path, pdf, monkeypatch):
    """HR_SMTP_STARTTLS must not send reports to whoever answers: an untrusted certificate is refused."""
    import ssl

    from aiosmtpd.controller import Controller

    cert_file, key_file = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True)
    controller.start()
    try:
        smtp = SmtpSettings(host="127.0.0.1", port=controller.port, sender="hr@example.org", starttls=True)
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ingen.pem"))  # trusts nothing
        with pytest.raises(MailError, match="SSLCertVerificationError"):
            send(_message(smtp, pdf), smtp, timeout=10)
        assert inbox.envelopes == []
        monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # the operator trusts this server
        assert send(_message(smtp, pdf), smtp, timeout=10) == (3, 0)
        assert len(inbox.envelopes) == 1
    finally:
        controller.stop()
