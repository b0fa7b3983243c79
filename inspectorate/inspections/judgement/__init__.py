"""Assessing criteria and judging grades: SPEC sections 3 and 4 in the application.

Split by job: `services` write (keyword-only, one transaction each, every change in the audit
trail with before and after), `selectors` read (what the rules are fed, and what they made of
it), `pages` build what the assessment page shows. The rules themselves are the pure engine in
`inspectorate.core.grading`; this package only feeds it what the database holds:

- an assessment counts as `met` only when at least one VERIFIED evidence item supports it;
  a `met` without verified support counts as `partly_met` (`counted_value`, docs/judgement.md);
- beacon and innovation evidence count only when verified;
- the thresholds are the programme's policy.

A published inspection's judgements are frozen: nothing here rewrites them, whatever later
happens to the programme's policy or the framework library.
"""
