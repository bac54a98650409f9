-- The views of OUT/cop.duckdb: answers to common questions, over the tables (every table of
-- the set, same name and columns, and citation_edges, the rows of citation_edges.csv).
-- Each view keys its rows by doc_id and orders them, so a query gives the same rows in the
-- same order for the same input.  Read with: duckdb processed/cop.duckdb "FROM text_actions".

-- text_actions: every adopted text or draft (resolutions) with the action taken on it (actions,
-- joined by the draft's symbol: resolutions.document_symbol = actions.symbol), the agenda item
-- it was taken under, and a recorded vote taken under that item at the meeting of the action.
-- The tables do not tie a vote to a draft; a vote of the same item and meeting is the one that
-- can be about it (one row per such vote; vote columns null when there is none, as for every
-- text of CTOC/COP/2022/9, whose three votes are on observers, under item 1 (d)).
CREATE VIEW text_actions AS
SELECT r.doc_id, r.resolution_id, r.kind, r.status, r.symbol, r.title, r.document_symbol,
       a.outcome, a.orally_amended, a.meeting AS action_meeting, a.date AS action_date,
       a.agenda_item_id, i.item AS agenda_item, i.title AS agenda_item_title,
       v.vote_id, v.question AS vote_question, v.yes AS vote_yes, v.no AS vote_no,
       v.abstentions AS vote_abstentions, v.majority AS vote_majority, v.passed_as_stated AS vote_passed
FROM resolutions AS r
LEFT JOIN actions AS a ON a.doc_id = r.doc_id AND a.symbol = r.document_symbol
LEFT JOIN agenda_items AS i ON i.doc_id = a.doc_id AND i.agenda_item_id = a.agenda_item_id
LEFT JOIN votes AS v ON v.doc_id = a.doc_id AND v.agenda_item_id = a.agenda_item_id AND v.meeting = a.meeting
ORDER BY r.doc_id, r.resolution_id, v.vote_id;
COMMENT ON VIEW text_actions IS 'Each adopted text or draft with the action taken on it, its agenda item, and a recorded vote of the same item and meeting (if any).';

-- adopted_text_sponsors: one row per adopted text and sponsor of the draft it was adopted
-- from (sponsors.symbol = resolutions.document_symbol); a sponsor listed in several places
-- (the action's sentence, a footnote, a statement) is one row, `sources` naming the places.
-- A member State listed inside "European Union (and its member States ...)" is a row of its
-- own, `member_of` naming the organization.  Texts without sponsors have no row.
CREATE VIEW adopted_text_sponsors AS
SELECT r.doc_id, r.resolution_id, r.kind, r.symbol, r.title, s.symbol AS draft_symbol,
       coalesce(s.sponsor, s.sponsor_as_written) AS sponsor, s.kind AS sponsor_kind, s.iso3, s.member_of,
       list(DISTINCT s.source ORDER BY s.source) AS sources
FROM resolutions AS r
JOIN sponsors AS s ON s.doc_id = r.doc_id AND s.symbol = r.document_symbol
WHERE r.status = 'adopted'
GROUP BY ALL
ORDER BY r.doc_id, r.resolution_id, sponsor, s.member_of NULLS FIRST;
COMMENT ON VIEW adopted_text_sponsors IS 'One row per adopted text and sponsor of its draft, with where the report lists the sponsor.';

-- agenda_item_statements: one row per item of the session's own agenda (agenda = current),
-- with the statements recorded under it: how many, by how many speakers (canonical name, else
-- as written), how many by States, and on which occasions.  Statements the report places under
-- no item are not counted.
CREATE VIEW agenda_item_statements AS
SELECT i.doc_id, i.agenda_item_id, i.item, i.title,
       count(s.statement_id) AS statements,
       count(DISTINCT coalesce(s.speaker, s.speaker_as_written)) AS speakers,
       count(s.statement_id) FILTER (WHERE s.speaker_kind = 'state') AS by_states,
       coalesce(list(DISTINCT s.occasion ORDER BY s.occasion) FILTER (WHERE s.occasion IS NOT NULL), []) AS occasions
FROM agenda_items AS i
LEFT JOIN statements AS s ON s.doc_id = i.doc_id AND s.agenda_item_id = i.agenda_item_id
WHERE i.agenda = 'current'
GROUP BY i.doc_id, i.agenda_item_id, i.item, i.title
ORDER BY i.doc_id, i.agenda_item_id;
COMMENT ON VIEW agenda_item_statements IS 'Each item of the session''s agenda with the number of statements, speakers and States that spoke under it.';

-- cited_instruments: one row per cited instrument (a node of citations.graphml): its canonical
-- id (citations.instrument_id: UNTOC, A/RES/76/233, CCPCJ resolution 27/5) or, where the text
-- leaves it open, its name as printed (resolved false), with how often it is cited, by how
-- many paragraphs and recommendations, which articles and which texts cite it.
CREATE VIEW cited_instruments AS
SELECT e.target AS instrument, any_value(e.target_label) AS label, bool_and(e.instrument_id IS NOT NULL) AS resolved,
       list(DISTINCT e.kind ORDER BY e.kind) AS kinds,
       count(*) AS citations, count(DISTINCT e.source) AS citing_units,
       coalesce(list(DISTINCT e.article ORDER BY e.article) FILTER (WHERE e.article IS NOT NULL), []) AS articles,
       list(DISTINCT r.kind || ' ' || coalesce(r.symbol, r.document_symbol) ORDER BY r.kind || ' ' || coalesce(r.symbol, r.document_symbol)) AS citing_texts
FROM citation_edges AS e
JOIN resolutions AS r ON r.doc_id = e.doc_id AND r.resolution_id = e.resolution_id
GROUP BY e.target
ORDER BY citations DESC, instrument;
COMMENT ON VIEW cited_instruments IS 'Each cited instrument (canonical id, or the name as printed when the text leaves it open) with the number of citations and citing paragraphs, the articles cited, and the texts citing it.';
