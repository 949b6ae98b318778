"""Getting an approved report to its readers: the approval wait, the e-mail and the delivery archive.

`recipients` reads the distribution lists, `summary` takes the summary's first sentences from the
report's own text, `mail` builds and sends the message, `approval` is the typed input an approver
gives a paused run and how the CLI finds and answers that run, `archive` keeps what was sent.

`deliver` ties them together without Prefect; flows/delivery.py adds Prefect's part (the pause for
approval, the warehouse slot, the artifact).
"""
