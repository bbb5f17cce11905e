#include "zones/index_file.hpp"

#include <unordered_set>

#include <fmt/core.h>

namespace zones {

namespace {

bool valid_uuid_text(std::string_view u) {
    for (char c : u)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-'))
            return false;
    return true;
}

// Parses one entry line; returns the reason when it is malformed.
std::optional<std::string> parse_entry(std::string_view line, IndexEntry& out) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return "missing ':' separator";
    out.name = std::string(line.substr(0, colon));
    line.remove_prefix(colon + 1);

    colon = line.find(':');
    std::string_view state = line.substr(0, colon);
    line = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    bool has_path = colon != std::string_view::npos;

    if (out.name != "global" && !valid_zone_name(out.name))
        return fmt::format("invalid zone name '{}'", out.name);
    auto st = parse_state(state);
    if (!st) return fmt::format("unknown zone state '{}'", state);
    if (*st > ZoneState::Installed) return fmt::format("state '{}' cannot be stored", state);
    out.state = *st;

    out.zonepath.clear();
    out.uuid.clear();
    if (!has_path) return std::nullopt;   // pre-zonepath index format: name:state

    if (line.starts_with('"')) {
        auto close = line.find('"', 1);
        if (close == std::string_view::npos) return "unterminated quoted zonepath";
        out.zonepath = std::string(line.substr(1, close - 1));
        line.remove_prefix(close + 1);
        if (!line.empty() && line[0] != ':') return "junk after quoted zonepath";
    } else {
        colon = line.find(':');
        out.zonepath = std::string(line.substr(0, colon));
        line.remove_prefix(colon == std::string_view::npos ? line.size() : colon);
    }
    if (line.empty()) return std::nullopt;
    line.remove_prefix(1);   // the ':' before the uuid
    if (line.find(':') != std::string_view::npos) return "too many fields";
    if (!valid_uuid_text(line)) return fmt::format("invalid uuid '{}'", line);
    out.uuid = std::string(line);
    return std::nullopt;
}

}  // namespace

std::string format_index_entry(const IndexEntry& e) {
    if (e.zonepath.find_first_of("\"\n") != std::string::npos)
        throw ZoneError(ErrorKind::Invalid,
                        fmt::format("{}: zonepath cannot contain a double quote or a newline", e.name));
    if (!valid_uuid_text(e.uuid))
        throw ZoneError(ErrorKind::Invalid, fmt::format("{}: invalid uuid '{}'", e.name, e.uuid));
    bool quote = e.zonepath.find(':') != std::string::npos;
    return fmt::format("{}:{}:{}{}{}:{}", e.name, state_name(e.state), quote ? "\"" : "", e.zonepath,
                       quote ? "\"" : "", e.uuid);
}

IndexFile::IndexFile() {
    std::string_view h = kIndexHeader;
    while (!h.empty()) {
        auto nl = h.find('\n');
        lines_.push_back({std::string(h.substr(0, nl)), std::nullopt});
        h.remove_prefix(nl + 1);
    }
    ensure_global();
}

IndexFile IndexFile::parse(std::string_view text, const std::string& origin) {
    IndexFile f;
    f.lines_.clear();
    std::unordered_set<std::string> seen;   // find() per line would be quadratic in the zones
    std::size_t lineno = 0;
    while (!text.empty()) {
        ++lineno;
        auto nl = text.find('\n');
        std::string_view raw = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);

        Line line{std::string(raw), std::nullopt};
        if (!raw.empty() && raw[0] != '#') {
            IndexEntry e;
            if (auto why = parse_entry(raw, e))
                throw ZoneError(ErrorKind::Damaged, fmt::format("{}: line {}: {}", origin, lineno, *why));
            if (!seen.insert(e.name).second)
                throw ZoneError(ErrorKind::Damaged,
                                fmt::format("{}: line {}: duplicate entry for zone '{}'", origin, lineno, e.name));
            line.entry = std::move(e);
        }
        f.lines_.push_back(std::move(line));
    }
    return f;
}

std::string IndexFile::text() const {
    std::string out;
    for (const auto& l : lines_) {
        out += l.raw;
        out += '\n';
    }
    return out;
}

std::vector<IndexEntry> IndexFile::entries() const {
    std::vector<IndexEntry> out;
    for (const auto& l : lines_)
        if (l.entry && l.entry->name != "global") out.push_back(*l.entry);
    return out;
}

const IndexEntry* IndexFile::find(std::string_view name) const {
    for (const auto& l : lines_)
        if (l.entry && l.entry->name == name) return &*l.entry;
    return nullptr;
}

bool IndexFile::replace(std::string_view name, const IndexEntry& e) {
    for (auto& l : lines_) {
        if (l.entry && l.entry->name == name) {
            l.raw = format_index_entry(e);
            l.entry = e;
            ensure_global();
            return true;
        }
    }
    return false;
}

void IndexFile::add(const IndexEntry& e) {
    lines_.push_back({format_index_entry(e), e});
    ensure_global();
}

bool IndexFile::erase(std::string_view name) {
    for (auto it = lines_.begin(); it != lines_.end(); ++it) {
        if (it->entry && it->entry->name == name) {
            lines_.erase(it);
            ensure_global();
            return true;
        }
    }
    return false;
}

void IndexFile::ensure_global() {
    if (find("global") != nullptr) return;
    // Before the first zone, after the leading comments.
    auto it = lines_.begin();
    while (it != lines_.end() && !it->entry) ++it;
    IndexEntry g{"global", ZoneState::Installed, "/", ""};
    lines_.insert(it, Line{std::string(kGlobalIndexLine), g});
}

}  // namespace zones
