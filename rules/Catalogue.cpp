// Catalogue: the fixed order in which every rules file adds its rules. This list is the catalogue.
#include "rules/ExtensionRules.h"
#include "rules/CdRules.h"
#include "rules/RuleRegistry.h"

namespace dv::rules {

const RuleRegistry& catalogue() {
  static const RuleRegistry registry = [] {
    RuleRegistry r;
    addElToritoRules(r);
    addHybridRules(r);
    addJolietRules(r);
    addRockRidgeRules(r);
    addUdfRules(r);
    addCdRules(r);
    return r;
  }();
  return registry;
}

} // namespace dv::rules
