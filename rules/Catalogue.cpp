// Catalogue: the fixed order in which every rules file adds its rules. This list is the catalogue.
#include "rules/Ecma119Rules.h"
#include "rules/ExtensionRules.h"
#include "rules/CdRules.h"
#include "rules/RuleRegistry.h"

namespace dv::rules {

const RuleRegistry& catalogue() {
  static const RuleRegistry registry = [] {
    RuleRegistry r;
    addEcma119DescriptorRules(r);
    addEcma119PathTableRules(r);
    addEcma119DirectoryRules(r);
    addElToritoRules(r);
    addHybridRules(r);
    addJolietRules(r);
    addRockRidgeRules(r);
    addUdfRules(r);
    addDiscApplicationRules(r);
    addCdRules(r);
    return r;
  }();
  return registry;
}

} // namespace dv::rules
