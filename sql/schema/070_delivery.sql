-- Delivery bookkeeping: every report that went to its recipients (or whose draft was rejected),
-- with who decided, when, to how many, and where its archived copy lies. Never an address.

-- Grain: one row per decided delivery of one report for one period (sent or rejected).
create table if not exists meta_delivery (
    delivery_id      text primary key,
    kommunenummer    text not null,
    rapport          text not null,        -- sykefravaer | medarbeidere
    periode          text not null,        -- 2018H1 | 2018
    status           text not null,        -- sendt | avvist
    decided_at       timestamp not null,   -- when the approver answered (or the run went on without approval)
    approver         text not null,        -- the approver's name as given; "uten godkjenning" for --no-approval
    comment          text,                 -- the approver's comment; the reason for a rejection
    recipients       integer not null,     -- number of Bcc recipients; 0 when rejected
    sent_at          timestamp,            -- empty when nothing was sent
    publish_id       text,                 -- meta_publish_log row of the rendering that was delivered
    figures_sha256   text not null,        -- sha256 of the archived figures file
    pdf_sha256       text not null,        -- sha256 of the archived PDF
    extracts         text not null,        -- the extracts in use, one "kind file_name checksum" per line
    archive_dir      text not null,        -- the delivery's archive directory (PDF, figures file, manifest)
    flow_run_id      text                  -- the Prefect flow run that delivered it
);
