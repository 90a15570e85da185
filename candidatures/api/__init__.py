"""API of the candidatures app: public waves and laureates, the applicant's dossiers, the instruction."""
