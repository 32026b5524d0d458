// Catalogue: the fixed order in which every rules file adds its rules. This list is the catalogue.
#include "rules/RuleRegistry.h"

namespace dv::rules {

const RuleRegistry& catalogue() {
  static const RuleRegistry registry = [] {
    RuleRegistry r;
    return r;
  }();
  return registry;
}

} // namespace dv::rules
