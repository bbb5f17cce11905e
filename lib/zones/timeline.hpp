// Where the time of a lifecycle verb went (zoneadm boot -v), phase by
// phase: spans on CLOCK_MONOTONIC, which every process of the host reads
// alike, so zonesd, zoneadmd and zoneadmd's helpers each time their own
// part and the parts fit together. Taking a time is a vDSO clock_gettime,
// not a system call; spans travel in messages that are sent anyway.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zones::timing {

// CLOCK_MONOTONIC in ns.
std::uint64_t now_ns();

struct Span {
    std::string name;
    std::uint64_t start_ns = 0, end_ns = 0;
    // Done at the same time as the phases that add up (zoneadmd preparing
    // while systemd makes the scope): shown, not summed.
    bool meanwhile = false;
    // Non-empty: this span is waiting for another process; splice() puts
    // that process's spans in its place, and what they do not cover
    // becomes a span of this name (messages, wake-ups).
    std::string rest;

    std::uint64_t ns() const { return end_ns > start_ns ? end_ns - start_ns : 0; }
};

// One process's phases, one after another: each mark() ends the phase
// that began where the last one ended.
class Timeline {
public:
    Timeline() { spans_.reserve(32); }
    // The next phase starts now (or at t).
    void begin() { last_ = now_ns(); }
    void begin_at(std::uint64_t t) { last_ = t; }
    bool begun() const { return last_ != 0; }
    // The phase from the last mark (or begin) to now.
    void mark(std::string name);
    // The same, for time spent waiting on another process (see Span::rest).
    void wait(std::string name, std::string rest);
    void add(Span s) { spans_.push_back(std::move(s)); }
    void add(const std::vector<Span>& spans) { spans_.insert(spans_.end(), spans.begin(), spans.end()); }
    // Put another process's spans into the wait spans they fall in.
    void splice(const std::vector<Span>& inner);

    const std::vector<Span>& spans() const { return spans_; }
    std::uint64_t last() const { return last_; }
    std::vector<Span> take();
    void clear() { spans_.clear(); last_ = 0; }

private:
    std::uint64_t last_ = 0;
    std::vector<Span> spans_;
};

// Spans as lines "@START END M NAME" (ns; M: 1 = meanwhile), to append to a
// message after a newline; parse() reads them back and skips anything else.
std::string serialize(const std::vector<Span>& spans);
std::vector<Span> parse(std::string_view lines);

// `outer` with every wait span that holds spans of `inner` (start and end
// inside it) replaced by those spans and one span `rest` for the time
// they leave uncovered; inner spans outside every wait span are kept as
// meanwhile. The spans of `outer` that are not meanwhile still add up to
// the same time. Sorted by start.
std::vector<Span> splice(const std::vector<Span>& outer, const std::vector<Span>& inner);

// Sum of the spans that are not meanwhile.
std::uint64_t critical_ns(const std::vector<Span>& spans);

// A journal field name for a phase's duration: TIMING_ + its name in upper
// case, every other character '_' (runs of them as one), + _USEC; at most
// 64 characters, as journald allows.
std::string journal_field(std::string_view name);

}  // namespace zones::timing
