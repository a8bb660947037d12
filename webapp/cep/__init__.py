"""Complex event processing: rules over one unit's event stream (sequence, count, absence)
that fire matches. Django-free: the matching core runs in a worker, a test or a notebook.

    matcher = Matcher([parse_rule(spec)], store=RedisStore(client))
    for match in matcher.process(event): ...
    matcher.advance()  # the processing-time tick: absences, pending events
"""

from webapp.cep.matcher import Match, Matcher, match_id
from webapp.cep.rule import Rule, RuleError, parse_rule
from webapp.cep.store import MemoryStore, StateStore

__all__ = ["Match", "Matcher", "MemoryStore", "Rule", "RuleError", "StateStore", "match_id",
           "parse_rule"]
