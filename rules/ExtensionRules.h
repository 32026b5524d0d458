// ExtensionRules: the rules of ../shared/spec/extensions.md (El Torito, hybrid system area, UDF).
#pragma once

#include "rules/RuleRegistry.h"

namespace dv::rules {

/// ELTORITO-001 ... ELTORITO-009.
void addElToritoRules(RuleRegistry& registry);
/// HYBRID-001 ... HYBRID-004.
void addHybridRules(RuleRegistry& registry);
/// UDF-001 ... UDF-006.
void addUdfRules(RuleRegistry& registry);

} // namespace dv::rules
