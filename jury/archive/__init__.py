"""The archive package of a closed year: one E-ARK SIP (CSIP/SIP 2.1.0, which is
Riksarkivet's FGS Paketstruktur 2.0) for Stadsarkivet, see docs/archive.md.

`records` gathers the year's records and their documents, one function per kind;
`metadata` writes them as CITS ERMS (FGS Ärendehantering 2.0) and PREMIS; `package`
lays out the files with their METS and refuses a year that is not closed.
"""
