"""The delivery e-mail: the approved PDF attached, the summary's headline sentences in the body, every
recipient as Bcc. Built with email.message.EmailMessage and sent with smtplib.

The envelope recipients are exactly the Bcc addresses (given to send_message explicitly, since the To
header is the empty group "undisclosed-recipients:;" of RFC 5322), and send_message strips the Bcc
header from what it transmits, so no recipient sees another's address.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from hr.delivery.recipients import Recipient
from hr.errors import HrError
from hr.settings import SmtpSettings


class MailError(HrError):
    """The SMTP server could not be reached or refused the message; the message says which, never an address."""


def subject(report: str, period_label: str, kommune: str) -> str:
    from hr.report_registry import get

    return f"{get(report).title_nb} {period_label} – {kommune}"


def body_text(title: str, sentences: list[str], approver: str, comment: str) -> str:
    lines = [f"Vedlagt er «{title}».", "", "Hovedpunkter:"]
    lines += [f"- {s}" for s in sentences]
    lines += ["", f"Rapporten er godkjent av {approver}." if approver else "Rapporten er sendt uten godkjenning."]
    if comment:
        lines.append(f"Kommentar: {comment}")
    lines += [
        "",
        "Tallene finnes også maskinlesbart i tallfilen som ble arkivert sammen med rapporten.",
        "Denne e-posten er sendt automatisk fra HR-rapporteringen.",
    ]
    return "\n".join(lines) + "\n"


def build_message(
    smtp: SmtpSettings, recipients: list[Recipient], subject_text: str, body: str, pdf: Path
) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject_text
    msg["From"] = smtp.sender
    msg["To"] = "undisclosed-recipients:;"
    msg["Bcc"] = [r.address() for r in recipients]
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2].rstrip(">") or None)
    msg.set_content(body)
    msg.add_attachment(Path(pdf).read_bytes(), maintype="application", subtype="pdf", filename=Path(pdf).name)
    return msg


def send(msg: EmailMessage, smtp: SmtpSettings, timeout: float = 60) -> tuple[int, int]:
    """Send to every Bcc recipient: (accepted, refused). When the server takes none, or cannot be
    reached, a MailError naming the server and the count, never an address."""
    to_addrs = [a.addr_spec for a in msg["Bcc"].addresses]
    wanted = len(to_addrs)
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=timeout) as server:
            if smtp.starttls:
                # a verifying context: smtplib's default would accept any certificate
                server.starttls(context=ssl.create_default_context())
            if smtp.user:
                server.login(smtp.user, smtp.password or "")
            refused = server.send_message(msg, to_addrs=to_addrs)
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError(
            f"SMTP-serveren {smtp.host}:{smtp.port} avviste alle {len(exc.recipients)} mottakerne"
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"e-posten kunne ikke sendes via {smtp.host}:{smtp.port}: {_why(exc)}") from None
    return wanted - len(refused), len(refused)


def _why(exc: BaseException) -> str:
    """Why the mail could not go, in words the operator can act on (the exception's class as a last resort)."""
    reasons: list[tuple[type[BaseException], str]] = [
        (smtplib.SMTPAuthenticationError, "innloggingen ble avvist (sjekk HR_SMTP_USER og passordet)"),
        (ssl.SSLCertVerificationError, "serverens TLS-sertifikat kunne ikke godkjennes (SSLCertVerificationError)"),
        (ssl.SSLError, "TLS-forbindelsen kunne ikke settes opp"),
        (smtplib.SMTPNotSupportedError, "serveren støtter ikke STARTTLS eller innlogging"),
        (smtplib.SMTPServerDisconnected, "serveren brøt forbindelsen"),
        (ConnectionRefusedError, "ingen SMTP-server svarer på porten (tilkoblingen ble avvist)"),
        (TimeoutError, "serveren svarte ikke i tide"),
        (socket.gaierror, "vertsnavnet finnes ikke"),
        (smtplib.SMTPException, "serveren avviste meldingen"),
        (OSError, "nettverksfeil"),
    ]
    return next(text for kind, text in reasons if isinstance(exc, kind))
