// TEMPORARY: the previous interval algebra (old_core/ranges.hpp) against the new one, on random
// sets, including the spelling of equal PEP 440 values. Removed with old_core/.

#include "old_core/ranges.hpp"

#include <lockkit/resolver/ranges.hpp>
#include <lockkit/resolver/specifier_ranges.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <sstream>

using namespace lockkit;
namespace nr = lockkit::resolver;
namespace orr = lockkit::resolver::old_ranges;

namespace {

template <typename V>
struct Spec {
    int kind;  // 0 unbounded, 1 included, 2 excluded
    V value;
};

template <typename V>
using SegSpec = std::pair<Spec<V>, Spec<V>>;

template <typename V, typename B>
B make_bound(const Spec<V>& s) {
    if (s.kind == 0) return B::unbounded();
    return s.kind == 1 ? B::included(s.value) : B::excluded(s.value);
}

template <typename V>
std::pair<nr::Ranges<V>, orr::Ranges<V>> build(const std::vector<SegSpec<V>>& specs) {
    std::vector<typename nr::Ranges<V>::Segment> n;
    std::vector<typename orr::Ranges<V>::Segment> o;
    for (const auto& [a, b] : specs) {
        n.push_back({make_bound<V, nr::Bound<V>>(a), make_bound<V, nr::Bound<V>>(b)});
        o.push_back({make_bound<V, orr::Bound<V>>(a), make_bound<V, orr::Bound<V>>(b)});
    }
    return {nr::Ranges<V>::from_segments(std::move(n)), orr::Ranges<V>::from_segments(std::move(o))};
}

template <typename V>
std::string show(const V& v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

// Every bound with its kind and spelled value.
template <typename R>
std::string dump(const R& r) {
    std::ostringstream out;
    for (const auto& [lo, hi] : r.segments()) {
        auto one = [&](const auto& b) {
            if (b.is_unbounded()) out << 'U';
            else out << (b.is_included() ? 'I' : 'E') << b.value;
        };
        out << '[';
        one(lo);
        out << ',';
        one(hi);
        out << ']';
    }
    out << ' ' << r.to_string();
    return out.str();
}

template <typename V, typename Gen>
void run_laws(std::mt19937& rng, Gen&& value, const std::vector<V>& probes, int iterations, int& checked) {
    std::uniform_int_distribution<int> count(0, 4), kind(0, 2);
    auto random_specs = [&]() {
        std::vector<SegSpec<V>> specs;
        for (int i = count(rng); i > 0; --i) {
            auto bound = [&]() {
                const int k = kind(rng);
                return Spec<V>{k, k == 0 ? V{} : value()};
            };
            specs.push_back({bound(), bound()});
        }
        return specs;
    };
    for (int iter = 0; iter < iterations; ++iter) {
        const auto sa = random_specs();
        const auto sb = random_specs();
        const auto [na, oa] = build(sa);
        const auto [nb, ob] = build(sb);
        INFO("a = " << dump(oa) << "  b = " << dump(ob));
        REQUIRE(dump(na) == dump(oa));
        REQUIRE(dump(nb) == dump(ob));
        CHECK(dump(na.union_with(nb)) == dump(oa.union_with(ob)));
        CHECK(dump(nb.union_with(na)) == dump(ob.union_with(oa)));
        CHECK(dump(na.intersection(nb)) == dump(oa.intersection(ob)));
        CHECK(dump(nb.intersection(na)) == dump(ob.intersection(oa)));
        CHECK(dump(na.difference(nb)) == dump(oa.difference(ob)));
        CHECK(dump(na.complement()) == dump(oa.complement()));
        CHECK(na.is_disjoint(nb) == oa.is_disjoint(ob));
        CHECK(na.subset_of(nb) == oa.subset_of(ob));
        CHECK(int(na.relation(nb)) == int(oa.relation(ob)));
        CHECK((na == nb) == (oa == ob));
        CHECK((na.as_singleton() == nullptr) == (oa.as_singleton() == nullptr));
        for (const V& p : probes) CHECK(na.contains(p) == oa.contains(p));
        std::vector<V> known;
        for (const V& p : probes)
            if (rng() % 3 == 0) known.push_back(p);
        CHECK(dump(na.widen_versions(known)) == dump(oa.widen_versions(known)));
        CHECK(dump(na.narrow_versions(known)) == dump(oa.narrow_versions(known)));
        CHECK(dump(na.simplify(known)) == dump(oa.simplify(known)));
        ++checked;
    }
}

} // namespace

TEST_CASE("DIFFERENTIAL: the interval algebra matches the previous one", "[differential][ranges]") {
    std::mt19937 rng(99);
    int checked = 0;
    {
        std::uniform_int_distribution<int> val(0, 12);
        std::vector<int> probes;
        for (int x = -1; x <= 13; ++x) probes.push_back(x);
        run_laws<int>(rng, [&] { return val(rng); }, probes, 20000, checked);
    }
    {
        // Equal values with different spellings, plus the sentinels PEP 440 ranges use.
        const std::vector<std::string> spellings = {"1", "1.0", "1.0.0", "2", "2.0", "2.0.0", "3", "3.0",
                                                    "1.5", "1.5.0", "0.9", "4"};
        std::vector<pep440::Version> pool;
        for (const auto& s : spellings) pool.push_back(*pep440::Version::parse(s));
        const std::size_t base = pool.size();
        for (std::size_t i = 0; i < base; i += 3) {
            pool.push_back(pool[i].with_min());
            pool.push_back(pool[i].with_max());
            pool.push_back(pool[i].with_local_max());
        }
        std::vector<pep440::Version> probes;
        for (const auto& s : {"0.5", "0.9", "1", "1.2", "1.5", "1.7", "2", "2.5", "3", "3.5", "4", "5", "1.0a1",
                              "2.0.post1", "1.0+local"})
            probes.push_back(*pep440::Version::parse(s));
        std::sort(probes.begin(), probes.end());
        std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
        run_laws<pep440::Version>(rng, [&] { return pool[pick(rng)]; }, probes, 30000, checked);
    }
    WARN("DIFFERENTIAL ranges: " << checked << " random pairs matched");
}
