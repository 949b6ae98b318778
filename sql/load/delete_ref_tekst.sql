-- A text file (referanse/tekster/<rapport>_<periode>.md) replaces the text of that report and period.
delete from ref_tekst
where kommunenummer = :kommunenummer
  and rapport = :rapport
  and periode = :periode;
