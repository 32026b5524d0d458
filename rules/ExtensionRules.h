// ExtensionRules: the rules of ../shared/spec/extensions.md (El Torito, hybrid system area, UDF) and of
// ../shared/spec/dvd-bd.md (DVD-Video, BDMV).
#pragma once

#include "rules/RuleRegistry.h"

namespace dv::rules {

/// DVD-001 ... DVD-004 and BD-001 ... BD-002 (dvd-bd.md).
void addDiscApplicationRules(RuleRegistry& registry);
/// ELTORITO-001 ... ELTORITO-009.
void addElToritoRules(RuleRegistry& registry);
/// HYBRID-001 ... HYBRID-004.
void addHybridRules(RuleRegistry& registry);
/// JOLIET-001 ... JOLIET-005.
void addJolietRules(RuleRegistry& registry);
/// SUSP-001 ... SUSP-005, RRIP-001 ... RRIP-006, ZF-001 ... ZF-002.
void addRockRidgeRules(RuleRegistry& registry);
/// UDF-001 ... UDF-006.
void addUdfRules(RuleRegistry& registry);

} // namespace dv::rules
