// The agreement selection order shared by AgreementBook and the feasibility check. Internal to src/sla.
#pragma once

#include "sla/agreement.hpp"

namespace sladesk::sla::detail {

/// Whether `agreement`'s effective period [effective_from, effective_to) contains `t`.
inline bool InEffect(const Agreement& agreement, UtcTime t) {
    return agreement.effective_from <= t && (!agreement.effective_to || t < *agreement.effective_to);
}

/// True if `a` (with `a_specificity` non-empty scope lists) is chosen over `b`: more specific, then the later
/// effective_from, the higher version, the name that sorts first; an OLA before a UC, so that the choice never
/// depends on the order of the list.
inline bool Preferred(const Agreement& a, int a_specificity, const Agreement& b, int b_specificity) {
    if (a_specificity != b_specificity) return a_specificity > b_specificity;
    if (a.effective_from != b.effective_from) return a.effective_from > b.effective_from;
    if (a.version != b.version) return a.version > b.version;
    if (a.name != b.name) return a.name < b.name;
    return a.kind < b.kind;
}

}  // namespace sladesk::sla::detail
