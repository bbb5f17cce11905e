#include "mapping.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace zones::rctl {

namespace {

bool enforced(const std::optional<Cap>& c) { return c && c->enforced; }

}  // namespace

UnitProperties unit_properties(const ResourceControls& rc, const std::vector<unsigned>& dedicated_cpus) {
    UnitProperties p;
    if (enforced(rc.physical)) p.memory_max = rc.physical->value;
    // Solaris swap caps RAM + swap together; Linux caps swap on its own.
    if (enforced(rc.swap)) {
        const std::uint64_t s = rc.swap->value;
        if (enforced(rc.physical)) p.memory_swap_max = s > rc.physical->value ? s - rc.physical->value : 0;
        else p.memory_swap_max = s;
    }
    // zone.cpu-cap is percent of one CPU; the quota is µs of CPU per second.
    if (enforced(rc.cpu_cap)) p.cpu_quota_per_sec_usec = std::max<std::uint64_t>(rc.cpu_cap->value, 1) * 10000;
    // One illumos share (the default) is systemd's default weight 100.
    if (rc.cpu_shares) {
        const std::uint64_t s = rc.cpu_shares->value;
        p.cpu_weight = s == 0 ? 1 : std::min<std::uint64_t>(s, 100) * 100;
    }
    if (auto t = rc.tasks(); t && t->enforced) p.tasks_max = t->value + kSupervisorTasks;
    p.allowed_cpus = dedicated_cpus;
    std::sort(p.allowed_cpus.begin(), p.allowed_cpus.end());
    return p;
}

std::vector<std::uint8_t> cpu_mask(const std::vector<unsigned>& cpus) {
    std::vector<std::uint8_t> m;
    for (unsigned c : cpus) {
        if (m.size() <= c / 8) m.resize(c / 8 + 1, 0);
        m[c / 8] = static_cast<std::uint8_t>(m[c / 8] | (1U << (c % 8)));
    }
    return m;
}

std::vector<unsigned> parse_cpu_list(std::string_view text) {
    std::vector<unsigned> v;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    while (!text.empty()) {
        const auto comma = text.find(',');
        std::string_view part = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        const auto dash = part.find('-');
        unsigned a = 0, b = 0;
        std::string_view lo = part.substr(0, dash);
        std::string_view hi = dash == std::string_view::npos ? lo : part.substr(dash + 1);
        if (std::from_chars(lo.data(), lo.data() + lo.size(), a).ec != std::errc() ||
            std::from_chars(hi.data(), hi.data() + hi.size(), b).ec != std::errc() || b < a || b > 65535)
            return {};
        for (unsigned c = a; c <= b; ++c) v.push_back(c);
    }
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

std::string format_cpu_list(const std::vector<unsigned>& cpus) {
    std::vector<unsigned> v = cpus;
    std::sort(v.begin(), v.end());
    std::string out;
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
        if (!out.empty()) out += ',';
        out += j == i ? fmt::format("{}", v[i]) : fmt::format("{}-{}", v[i], v[j]);
        i = j + 1;
    }
    return out;
}

std::vector<Sysctl> ipc_sysctls(const ResourceControls& rc, std::string_view sem, std::uint64_t page_size,
                                bool full) {
    // include/uapi/linux/{shm,msg,sem}.h: what a new IPC namespace has.
    constexpr std::uint64_t kShmMaxDefault = ~0ULL - (1ULL << 24);
    constexpr std::uint64_t kShmMniDefault = 4096, kMsgMniDefault = 32000, kSemMniDefault = 32000;
    std::vector<Sysctl> out;
    if (enforced(rc.shm_memory)) {
        // The zone's shared memory in all: no segment bigger, no more pages.
        const std::uint64_t bytes = rc.shm_memory->value;
        out.push_back({"kernel/shmmax", fmt::format("{}", bytes)});
        out.push_back({"kernel/shmall", fmt::format("{}", (bytes + page_size - 1) / page_size)});
    } else if (full) {
        out.push_back({"kernel/shmmax", fmt::format("{}", kShmMaxDefault)});
        out.push_back({"kernel/shmall", fmt::format("{}", kShmMaxDefault)});
    }
    if (enforced(rc.shm_ids)) out.push_back({"kernel/shmmni", fmt::format("{}", rc.shm_ids->value)});
    else if (full) out.push_back({"kernel/shmmni", fmt::format("{}", kShmMniDefault)});
    if (enforced(rc.msg_ids)) out.push_back({"kernel/msgmni", fmt::format("{}", rc.msg_ids->value)});
    else if (full) out.push_back({"kernel/msgmni", fmt::format("{}", kMsgMniDefault)});
    if (enforced(rc.sem_ids) || full) {
        const std::uint64_t semmni = enforced(rc.sem_ids) ? rc.sem_ids->value : kSemMniDefault;
        std::vector<std::string> f;
        std::string cur;
        for (char c : sem) {
            if (c == ' ' || c == '\t' || c == '\n') {
                if (!cur.empty()) f.push_back(std::move(cur));
                cur.clear();
            } else {
                cur += c;
            }
        }
        if (!cur.empty()) f.push_back(cur);
        if (f.size() == 4) {
            f[3] = fmt::format("{}", semmni);
            out.push_back({"kernel/sem", fmt::format("{} {} {} {}", f[0], f[1], f[2], f[3])});
        }
    }
    return out;
}

std::string check(const ResourceControls& rc) {
    const std::pair<const char*, const std::optional<Cap>*> ids[] = {
        {"zone.max-shm-ids", &rc.shm_ids}, {"zone.max-msg-ids", &rc.msg_ids}, {"zone.max-sem-ids", &rc.sem_ids}};
    for (const auto& [name, cap] : ids)
        if (*cap && (*cap)->value > kIpcMni)
            return fmt::format("{} {} exceeds the system maximum {}", name, (*cap)->value, kIpcMni);
    if (rc.cpu_cap && rc.cpu_cap->value == 0) return "zone.cpu-cap must be at least 1";
    if (auto t = rc.tasks(); t && t->enforced && t->value == 0) return "zone.max-lwps must be at least 1";
    return {};
}

std::string pick_cpus(unsigned min, unsigned max, const std::vector<unsigned>& online,
                      const std::vector<unsigned>& taken, std::vector<unsigned>& out) {
    out.clear();
    std::vector<unsigned> free;
    for (unsigned c : online)
        if (std::find(taken.begin(), taken.end(), c) == taken.end()) free.push_back(c);
    // The global zone keeps at least one CPU, as illumos' default pset does.
    const std::size_t usable = free.empty() ? 0 : free.size() - 1;
    if (usable < min)
        return fmt::format("dedicated-cpu: {} CPUs requested, {} available", min, usable);
    std::sort(free.rbegin(), free.rend());
    for (std::size_t i = 0; i < usable && out.size() < max; ++i) out.push_back(free[i]);
    std::sort(out.begin(), out.end());
    return {};
}

}  // namespace zones::rctl
