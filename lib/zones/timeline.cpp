#include "zones/timeline.hpp"

#include <time.h>

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace zones::timing {

std::uint64_t now_ns() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

void Timeline::mark(std::string name) {
    const std::uint64_t t = now_ns();
    spans_.push_back(Span{std::move(name), last_ ? last_ : t, t, false, {}});
    last_ = t;
}

void Timeline::wait(std::string name, std::string rest) {
    mark(std::move(name));
    spans_.back().rest = rest.empty() ? spans_.back().name : std::move(rest);
}

void Timeline::splice(const std::vector<Span>& inner) {
    spans_ = timing::splice(spans_, inner);
}

std::vector<Span> Timeline::take() {
    std::vector<Span> out;
    out.swap(spans_);
    spans_.reserve(32);
    return out;
}

std::string serialize(const std::vector<Span>& spans) {
    std::string out;
    for (const Span& s : spans) {
        std::string name = s.name;
        std::replace(name.begin(), name.end(), '\n', ' ');
        out += fmt::format("@{} {} {} {}\n", s.start_ns, s.end_ns, s.meanwhile ? 1 : 0, name);
    }
    return out;
}

namespace {

bool number(std::string_view& s, std::uint64_t& v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p == s.data() + s.size() || *p != ' ') return false;
    s.remove_prefix(static_cast<std::size_t>(p - s.data()) + 1);
    return true;
}

}  // namespace

std::vector<Span> parse(std::string_view lines) {
    std::vector<Span> out;
    while (!lines.empty()) {
        const std::size_t nl = lines.find('\n');
        std::string_view line = lines.substr(0, nl);
        lines.remove_prefix(nl == std::string_view::npos ? lines.size() : nl + 1);
        if (line.empty() || line[0] != '@') continue;
        line.remove_prefix(1);
        Span s;
        std::uint64_t m = 0;
        if (!number(line, s.start_ns) || !number(line, s.end_ns) || !number(line, m) || m > 1 || line.empty() ||
            s.end_ns < s.start_ns)
            continue;
        s.meanwhile = m == 1;
        s.name = std::string(line.substr(0, 200));
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<Span> splice(const std::vector<Span>& outer, const std::vector<Span>& inner) {
    std::vector<Span> out;
    std::vector<bool> used(inner.size(), false);
    for (const Span& w : outer) {
        if (w.rest.empty() || w.meanwhile) {
            out.push_back(w);
            continue;
        }
        std::uint64_t covered = 0;
        bool any = false;
        for (std::size_t i = 0; i < inner.size(); ++i) {
            const Span& s = inner[i];
            if (used[i] || s.start_ns < w.start_ns || s.end_ns > w.end_ns) continue;
            used[i] = true;
            out.push_back(s);
            out.back().rest.clear();   // placed: no longer a wait to fill
            if (!s.meanwhile) {
                covered += s.ns();
                any = true;
            }
        }
        if (!any) {
            out.push_back(w);
            continue;
        }
        // What the inner spans leave of the wait: where it started, as one.
        Span r{w.rest, w.start_ns, w.start_ns + (w.ns() > covered ? w.ns() - covered : 0), false, {}};
        out.push_back(std::move(r));
    }
    for (std::size_t i = 0; i < inner.size(); ++i)
        if (!used[i]) {
            Span s = inner[i];
            s.meanwhile = true;
            out.push_back(std::move(s));
        }
    std::stable_sort(out.begin(), out.end(), [](const Span& a, const Span& b) { return a.start_ns < b.start_ns; });
    return out;
}

std::uint64_t critical_ns(const std::vector<Span>& spans) {
    std::uint64_t sum = 0;
    for (const Span& s : spans)
        if (!s.meanwhile) sum += s.ns();
    return sum;
}

std::string journal_field(std::string_view name) {
    std::string out = "TIMING_";
    bool under = true;
    for (char c : name) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alnum) {
            out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
            under = false;
        } else if (!under) {
            out += '_';
            under = true;
        }
        if (out.size() >= 59) break;
    }
    while (out.back() == '_') out.pop_back();
    return out + "_USEC";
}

}  // namespace zones::timing
