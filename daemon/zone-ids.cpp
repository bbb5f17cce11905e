#include "zone-ids.hpp"

namespace zones::daemon {

std::optional<int> ZoneIds::allocate() {
    std::lock_guard lock(mu_);
    for (int i = 0; i < kMax; ++i) {
        const int id = (last_ + i) % kMax + 1;    // last_+1, ..., wrapping to 1
        if (used_.insert(id).second) {
            last_ = id;
            return id;
        }
    }
    return std::nullopt;
}

bool ZoneIds::claim(int id) {
    std::lock_guard lock(mu_);
    if (id < kMin || id > kMax)
        return false;
    if (id > last_)
        last_ = id;     // next-fit continues after what is live
    return used_.insert(id).second;
}

void ZoneIds::release(int id) {
    std::lock_guard lock(mu_);
    used_.erase(id);
}

}  // namespace zones::daemon
