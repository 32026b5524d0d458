// Ecma119Rules: the rules of ../shared/spec/ecma119.md §9 (ISO 9660 volume and file structure).
#pragma once

#include "rules/RuleRegistry.h"

namespace dv::rules {

/// ECMA119-ENC-*, SYS-001, VDS-*, PVD-*, SVD-*, BR-001, VPD-001.
void addEcma119DescriptorRules(RuleRegistry& registry);
/// ECMA119-PT-001 ... PT-006.
void addEcma119PathTableRules(RuleRegistry& registry);
/// ECMA119-DR-*, FI-*, LVL-*, EVD-001, XAR-001, XA-001.
void addEcma119DirectoryRules(RuleRegistry& registry);

} // namespace dv::rules
