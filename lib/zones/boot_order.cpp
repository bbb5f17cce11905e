#include "zones/boot_order.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>

#include <fmt/format.h>

namespace zones::boot_order {
namespace {

const Attr* find_attr(const ZoneConfig& cfg, std::string_view name) {
    for (const Attr& a : cfg.attrs)
        if (a.name == name)
            return &a;
    return nullptr;
}

std::optional<int> parse_int(std::string_view s) {
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size())
        return std::nullopt;
    return v;
}

// "a,b" -> {"a", "b"}; blanks around names are the user's typing, not names.
std::vector<std::string> names_of(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        out.emplace_back(item);
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

// Strongly connected components with more than one zone (Tarjan), over
// edges zone -> the zones it boots after.
std::vector<std::vector<std::size_t>> cycles(const std::vector<std::vector<std::size_t>>& edges) {
    const std::size_t n = edges.size();
    std::vector<int> index(n, -1), low(n, 0);
    std::vector<bool> on_stack(n, false);
    std::vector<std::size_t> stack;
    std::vector<std::vector<std::size_t>> out;
    int counter = 0;
    std::function<void(std::size_t)> visit = [&](std::size_t v) {
        index[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack[v] = true;
        for (std::size_t w : edges[v]) {
            if (index[w] < 0) {
                visit(w);
                low[v] = std::min(low[v], low[w]);
            } else if (on_stack[w]) {
                low[v] = std::min(low[v], index[w]);
            }
        }
        if (low[v] != index[v])
            return;
        std::vector<std::size_t> scc;
        std::size_t w = 0;
        do {
            w = stack.back();
            stack.pop_back();
            on_stack[w] = false;
            scc.push_back(w);
        } while (w != v);
        if (scc.size() > 1) {
            std::sort(scc.begin(), scc.end());
            out.push_back(std::move(scc));
        }
    };
    for (std::size_t v = 0; v < n; ++v)
        if (index[v] < 0)
            visit(v);
    return out;
}

// "a -> b -> a": a shortest way round the component from `start`.
std::string cycle_text(const std::vector<std::vector<std::size_t>>& edges,
                       const std::vector<std::size_t>& scc, std::size_t start,
                       const std::function<const std::string&(std::size_t)>& name) {
    // Breadth-first inside the component, back to start.
    std::map<std::size_t, std::size_t> parent;
    std::vector<std::size_t> queue{start};
    std::optional<std::size_t> last;
    for (std::size_t head = 0; head < queue.size() && !last; ++head) {
        const std::size_t v = queue[head];
        for (std::size_t w : edges[v]) {
            if (!std::binary_search(scc.begin(), scc.end(), w))
                continue;
            if (w == start) {
                last = v;
                break;
            }
            if (parent.emplace(w, v).second)
                queue.push_back(w);
        }
    }
    std::vector<std::size_t> path;
    for (std::size_t v = last.value_or(start); v != start; v = parent.at(v))
        path.push_back(v);
    path.push_back(start);
    std::reverse(path.begin(), path.end());
    std::string text;
    for (std::size_t v : path)
        text += name(v) + " -> ";
    return text + name(start);
}

}  // namespace

Entry entry_of(const ZoneConfig& cfg) {
    Entry e;
    e.name = cfg.name;
    if (const Attr* p = find_attr(cfg, kPriorityAttr); p != nullptr && p->type == "int")
        e.priority = parse_int(p->value).value_or(0);
    if (const Attr* a = find_attr(cfg, kAfterAttr); a != nullptr && a->type == "string")
        for (std::string& n : names_of(a->value))
            if (valid_zone_name(n) && n != cfg.name &&
                std::find(e.after.begin(), e.after.end(), n) == e.after.end())
                e.after.push_back(std::move(n));
    return e;
}

void check_attrs(const ZoneConfig& cfg, std::vector<std::string>& out) {
    if (const Attr* p = find_attr(cfg, kPriorityAttr); p != nullptr && !p->type.empty()) {
        if (p->type != "int")
            out.push_back(fmt::format("attr {}: type must be int", kPriorityAttr));
        else if (!p->value.empty() && !parse_int(p->value))
            out.push_back(fmt::format("attr {}: value must be an integer from {} to {}",
                                      kPriorityAttr, std::numeric_limits<int>::min(),
                                      std::numeric_limits<int>::max()));
    }
    const Attr* a = find_attr(cfg, kAfterAttr);
    if (a == nullptr || a->type.empty() || a->value.empty())
        return;
    if (a->type != "string") {
        out.push_back(fmt::format("attr {}: type must be string", kAfterAttr));
        return;
    }
    for (const std::string& n : names_of(a->value)) {
        if (!valid_zone_name(n))
            out.push_back(fmt::format("attr {}: '{}' is not a zone name", kAfterAttr, n));
        else if (n == cfg.name)
            out.push_back(fmt::format("attr {}: a zone cannot boot after itself", kAfterAttr));
    }
}

std::vector<std::string> check_graph(const std::vector<Entry>& all, std::string_view only) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < all.size(); ++i)
        index.emplace(all[i].name, i);
    std::vector<std::vector<std::size_t>> edges(all.size());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < all.size(); ++i) {
        for (const std::string& d : all[i].after) {
            if (auto it = index.find(d); it != index.end())
                edges[i].push_back(it->second);
            else if (only.empty() || all[i].name == only)
                out.push_back(fmt::format("attr {}: zone '{}' is not configured", kAfterAttr, d));
        }
    }
    auto name = [&](std::size_t v) -> const std::string& { return all[v].name; };
    for (const auto& scc : cycles(edges)) {
        std::optional<std::size_t> start;
        if (only.empty()) {
            start = *std::min_element(scc.begin(), scc.end(),
                                      [&](auto x, auto y) { return all[x].name < all[y].name; });
        } else {
            for (std::size_t v : scc)
                if (all[v].name == only)
                    start = v;
        }
        if (start)
            out.push_back(fmt::format("attr {}: dependency cycle: {}", kAfterAttr,
                                      cycle_text(edges, scc, *start, name)));
    }
    return out;
}

Scheduler::Scheduler(std::vector<Entry> zones, Direction direction,
                     const std::set<std::string>& running)
    : direction_(direction) {
    std::sort(zones.begin(), zones.end(),
              [](const Entry& a, const Entry& b) { return a.name < b.name; });
    for (Entry& e : zones) {
        if (index_.count(e.name) != 0)
            continue;
        index_.emplace(e.name, nodes_.size());
        nodes_.push_back(Node{std::move(e), 0, State::Waiting, {}, {}});
    }
    std::vector<std::pair<std::size_t, std::string>> missing;   // zone, dependency
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        for (const std::string& d : nodes_[i].entry.after) {
            if (auto it = index_.find(d); it != index_.end() && it->second != i) {
                nodes_[i].deps.push_back(it->second);
                nodes_[it->second].dependents.push_back(i);
            } else if (direction_ == Direction::Boot && running.count(d) == 0 && d != nodes_[i].entry.name) {
                missing.emplace_back(i, d);
            }
        }
    }

    // Cycles (verify refuses them; a file edited by hand may have one):
    // booting, their zones fail; stopping, their edges are ignored.
    std::vector<std::vector<std::size_t>> edges(nodes_.size());
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        edges[i] = nodes_[i].deps;
    std::vector<bool> in_cycle(nodes_.size(), false);
    std::map<std::size_t, std::string> cycle_of;
    for (const auto& scc : cycles(edges)) {
        auto name = [&](std::size_t v) -> const std::string& { return nodes_[v].entry.name; };
        for (std::size_t v : scc) {
            in_cycle[v] = true;
            cycle_of[v] = cycle_text(edges, scc, v, name);
        }
    }
    if (direction_ == Direction::Stop) {
        for (std::size_t i = 0; i < nodes_.size(); ++i) {
            if (!in_cycle[i])
                continue;
            auto drop = [&](std::vector<std::size_t>& v) {
                std::erase_if(v, [&](std::size_t j) { return in_cycle[j]; });
            };
            drop(nodes_[i].deps);
            drop(nodes_[i].dependents);
        }
        in_cycle.assign(nodes_.size(), false);
    }

    // Priority inheritance: a zone is at least as urgent as any zone that
    // boots after it (over the acyclic part).
    std::vector<int> memo(nodes_.size(), 0);
    std::vector<bool> known(nodes_.size(), false);
    std::function<int(std::size_t)> effective = [&](std::size_t i) -> int {
        if (known[i])
            return memo[i];
        known[i] = true;            // a cycle member counts its own only
        int best = nodes_[i].entry.priority;
        if (!in_cycle[i])
            for (std::size_t w : nodes_[i].dependents)
                if (!in_cycle[w])
                    best = std::max(best, effective(w));
        memo[i] = best;
        return best;
    };
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        nodes_[i].effective = effective(i);
        ++unfinished_by_priority_[nodes_[i].effective];
    }
    unfinished_ = nodes_.size();

    // Every zone of a cycle fails for the cycle, then the zones after them.
    std::vector<std::size_t> cyclic;
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        if (in_cycle[i]) {
            fail(i, fmt::format("not booted: dependency cycle: {}", cycle_of[i]), false);
            cyclic.push_back(i);
        }
    for (std::size_t i : cyclic)
        fail_dependents(i, "did not boot");
    for (const auto& [i, d] : missing)
        if (nodes_[i].state == State::Waiting)
            fail(i, fmt::format("not booted: it boots after zone '{}', which is not running", d));
}

void Scheduler::fail(std::size_t i, std::string why, bool propagate) {
    Node& n = nodes_[i];
    n.state = State::Failed;
    if (--unfinished_by_priority_[n.effective] == 0)
        unfinished_by_priority_.erase(n.effective);
    --unfinished_;
    failed_.emplace_back(n.entry.name, std::move(why));
    if (propagate)
        fail_dependents(i, "did not boot");
}

void Scheduler::fail_dependents(std::size_t i, std::string_view what) {
    if (direction_ != Direction::Boot)
        return;
    for (std::size_t w : nodes_[i].dependents)
        if (nodes_[w].state == State::Waiting)
            fail(w, fmt::format("not booted: it boots after zone '{}', which {}",
                                nodes_[i].entry.name, what));
}

std::optional<std::string> Scheduler::next() {
    if (unfinished_by_priority_.empty())
        return std::nullopt;
    const bool boot = direction_ == Direction::Boot;
    const int level = boot ? unfinished_by_priority_.rbegin()->first
                           : unfinished_by_priority_.begin()->first;
    auto ready = [&](std::size_t i) {
        const Node& n = nodes_[i];
        if (n.state != State::Waiting || n.effective != level)
            return false;
        if (boot)
            return std::all_of(n.deps.begin(), n.deps.end(),
                               [&](std::size_t d) { return nodes_[d].state == State::Ok; });
        return std::all_of(n.dependents.begin(), n.dependents.end(),
                           [&](std::size_t d) { return finished(d); });
    };
    std::optional<std::size_t> pick;
    if (boot) {
        for (std::size_t i = 0; i < nodes_.size() && !pick; ++i)
            if (ready(i))
                pick = i;
    } else {
        for (std::size_t i = nodes_.size(); i-- > 0 && !pick;)
            if (ready(i))
                pick = i;
    }
    if (!pick)
        return std::nullopt;
    nodes_[*pick].state = State::Started;
    ++started_count_;
    return nodes_[*pick].entry.name;
}

void Scheduler::finish(const std::string& name, bool ok) {
    auto it = index_.find(name);
    if (it == index_.end() || nodes_[it->second].state != State::Started)
        return;
    const std::size_t i = it->second;
    Node& n = nodes_[i];
    n.state = ok ? State::Ok : State::Failed;
    if (--unfinished_by_priority_[n.effective] == 0)
        unfinished_by_priority_.erase(n.effective);
    --unfinished_;
    if (!ok)
        fail_dependents(i, "failed to boot");
}

std::vector<std::pair<std::string, std::string>> Scheduler::take_failed() {
    return std::exchange(failed_, {});
}

int Scheduler::effective_priority(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? 0 : nodes_[it->second].effective;
}

std::vector<std::vector<std::string>> schedule(const std::vector<Entry>& zones,
                                               Scheduler::Direction direction) {
    Scheduler s(zones, direction);
    std::vector<std::vector<std::string>> waves;
    while (!s.done()) {
        std::vector<std::string> wave;
        while (auto z = s.next())
            wave.push_back(*z);
        if (wave.empty())
            break;      // cannot happen: the highest level always has a ready zone
        for (const std::string& z : wave)
            s.finish(z, true);
        waves.push_back(std::move(wave));
    }
    return waves;
}

}  // namespace zones::boot_order
