//! Ranking qualified applicants and taking the referral list (the
//! certificate) from the ranking, under each of an opening's hiring
//! methods. Plain Rust, so the server that issues a certificate and a page
//! that previews one apply the very same rules.
//!
//! An applicant is qualified when their assessment percentage is at least
//! the pass mark; everyone else is left out of every ranking.
//!
//! **Category rating.** The bands put each applicant in a category: Best
//! from `best_from`, Well from `well_from`, Qualified from the pass mark.
//! Categories come in that order. Within a category, preference eligibles
//! (any claim but none) come ahead of everyone else. CP and CPS applicants
//! (a compensable disability of 10% or more) move to the top of the Best
//! category whatever their score, unless the opening is a scientific or
//! professional position at GS-9 or above (`disabled_veterans_float` off):
//! then they stay in their own category as ordinary preference eligibles.
//! Inside each group: higher percentage first, then earlier submission,
//! then lower id. The rating is the percentage. The referral list is
//! everyone in the highest category that has anyone in it.
//!
//! **Rule of Many.** The rating is the percentage plus veterans'
//! preference points (TP 5; XP, CP and CPS 10), added to passing scores
//! only. With `disabled_veterans_float`, CP and CPS applicants go to the
//! top, among themselves by rating, percentage, submission, id. Everyone
//! else by rating, highest first; at equal rating a preference eligible
//! ahead of anyone else; then higher percentage, earlier submission, lower
//! id. No categories. The referral list is the first `referral_range`
//! applicants and anyone whose rating equals the last one referred (a tie
//! is never split); floated applicants count toward the range but are
//! always referred, even beyond it.
//!
//! **Direct hire.** No categories, no points, no preference ordering:
//! every qualified applicant in the order they submitted, then by id. The
//! rating is the percentage; everyone is referred.

use std::cmp::Ordering;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::domain::application::VeteransPreference;
use crate::domain::assessment::AssessmentSettings;
use crate::domain::opening::HiringMethod;

/// Quality categories under category rating, best first: `Best < Well <
/// Qualified` in their ordering, so sorting puts the best category first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Best,
    Well,
    Qualified,
}

impl Category {
    pub const ALL: [Category; 3] = [Category::Best, Category::Well, Category::Qualified];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Best => "best",
            Category::Well => "well",
            Category::Qualified => "qualified",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Best => "Best Qualified",
            Category::Well => "Well Qualified",
            Category::Qualified => "Qualified",
        }
    }
}

impl FromStr for Category {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == value)
            .ok_or_else(|| format!("unknown category {value:?}"))
    }
}

/// Score bands, percentages of the points available (from the assessment
/// settings, which keep `pass_mark <= well_from <= best_from`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands {
    pub pass_mark: i64,
    pub well_from: i64,
    pub best_from: i64,
}

impl From<&AssessmentSettings> for Bands {
    fn from(settings: &AssessmentSettings) -> Self {
        Bands {
            pass_mark: settings.pass_mark,
            well_from: settings.well_from,
            best_from: settings.best_from,
        }
    }
}

/// The category a percentage earns, or `None` below the pass mark.
pub fn category_for(percent: i64, bands: &Bands) -> Option<Category> {
    if percent < bands.pass_mark {
        None
    } else if percent >= bands.best_from {
        Some(Category::Best)
    } else if percent >= bands.well_from {
        Some(Category::Well)
    } else {
        Some(Category::Qualified)
    }
}

/// Veterans' preference points added to a passing score under Rule of
/// Many: TP 5; XP, CP and CPS 10; none 0.
pub fn preference_points(preference: VeteransPreference) -> i64 {
    match preference {
        VeteransPreference::None => 0,
        VeteransPreference::Tp => 5,
        VeteransPreference::Xp | VeteransPreference::Cp | VeteransPreference::Cps => 10,
    }
}

/// CP and CPS: a compensable service-connected disability of 10% or more,
/// which places the applicant at the top (unless the float is off).
pub fn floats_to_top(preference: VeteransPreference) -> bool {
    matches!(preference, VeteransPreference::Cp | VeteransPreference::Cps)
}

/// How an opening's applicants are ranked and referred.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankingRules {
    pub method: HiringMethod,
    pub bands: Bands,
    /// Whether CP and CPS applicants go to the top; false for scientific or
    /// professional positions at GS-9 and above.
    pub disabled_veterans_float: bool,
    /// Rule of Many: how many applicants to refer.
    pub referral_range: usize,
}

/// One applicant as ranking sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub id: i64,
    /// Assessment score as a whole percentage of the points available.
    pub percent: i64,
    pub preference: VeteransPreference,
    /// RFC 3339 UTC text, sortable as text.
    pub submitted_at: String,
}

/// One place in a ranking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    pub id: i64,
    /// Under category rating; `None` under the other methods.
    pub category: Option<Category>,
    /// The percentage plus preference points under Rule of Many; otherwise
    /// the percentage.
    pub rating: i64,
    /// Placed at the top under the CP/CPS rule.
    pub floated: bool,
}

/// An applicant with their place computed, while sorting.
struct Entry<'a> {
    ranked: Ranked,
    applicant: &'a Applicant,
}

impl Entry<'_> {
    /// Floated applicants first, then preference eligibles, then the rest.
    fn standing(&self) -> u8 {
        if self.ranked.floated {
            0
        } else if self.applicant.preference.is_preference_eligible() {
            1
        } else {
            2
        }
    }

    /// Higher percentage, then earlier submission, then lower id.
    fn by_score_then_time(&self, other: &Self) -> Ordering {
        other
            .applicant
            .percent
            .cmp(&self.applicant.percent)
            .then_with(|| self.by_time(other))
    }

    /// Earlier submission, then lower id.
    fn by_time(&self, other: &Self) -> Ordering {
        self.applicant
            .submitted_at
            .cmp(&other.applicant.submitted_at)
            .then(self.applicant.id.cmp(&other.applicant.id))
    }
}

/// The qualified applicants (percentage at or above the pass mark, under
/// every method) in the order the hiring method gives; those below the
/// pass mark are left out.
pub fn rank(rules: &RankingRules, applicants: &[Applicant]) -> Vec<Ranked> {
    let floating = rules.disabled_veterans_float && rules.method != HiringMethod::DirectHire;
    let mut entries: Vec<Entry<'_>> = applicants
        .iter()
        .filter_map(|applicant| {
            let earned = category_for(applicant.percent, &rules.bands)?;
            let floated = floating && floats_to_top(applicant.preference);
            let ranked = match rules.method {
                HiringMethod::CategoryRating => Ranked {
                    id: applicant.id,
                    category: Some(if floated { Category::Best } else { earned }),
                    rating: applicant.percent,
                    floated,
                },
                HiringMethod::RuleOfMany => Ranked {
                    id: applicant.id,
                    category: None,
                    rating: applicant.percent + preference_points(applicant.preference),
                    floated,
                },
                HiringMethod::DirectHire => Ranked {
                    id: applicant.id,
                    category: None,
                    rating: applicant.percent,
                    floated: false,
                },
            };
            Some(Entry { ranked, applicant })
        })
        .collect();

    match rules.method {
        HiringMethod::CategoryRating => entries.sort_by(|a, b| {
            a.ranked
                .category
                .cmp(&b.ranked.category)
                .then(a.standing().cmp(&b.standing()))
                .then_with(|| a.by_score_then_time(b))
        }),
        HiringMethod::RuleOfMany => entries.sort_by(|a, b| {
            b.ranked
                .floated
                .cmp(&a.ranked.floated)
                .then(b.ranked.rating.cmp(&a.ranked.rating))
                .then(a.standing().cmp(&b.standing()))
                .then_with(|| a.by_score_then_time(b))
        }),
        HiringMethod::DirectHire => entries.sort_by(|a, b| a.by_time(b)),
    }

    entries.into_iter().map(|entry| entry.ranked).collect()
}

/// The referral list (certificate) taken from a ranking made by [`rank`]
/// under the same rules, in ranking order.
pub fn referral_list(rules: &RankingRules, ranked: &[Ranked]) -> Vec<Ranked> {
    match rules.method {
        HiringMethod::CategoryRating => {
            let Some(highest) = ranked.iter().filter_map(|r| r.category).min() else {
                return Vec::new();
            };
            ranked
                .iter()
                .filter(|r| r.category == Some(highest))
                .cloned()
                .collect()
        }
        HiringMethod::RuleOfMany => {
            let floated = ranked.iter().filter(|r| r.floated).count();
            let mut end = rules.referral_range.max(floated).min(ranked.len());
            if let Some(last) = end.checked_sub(1).map(|i| ranked[i].rating) {
                while ranked.get(end).is_some_and(|r| r.rating == last) {
                    end += 1;
                }
            }
            ranked[..end].to_vec()
        }
        HiringMethod::DirectHire => ranked.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use VeteransPreference::{Cp, Cps, None as NoClaim, Tp, Xp};
    use proptest::prelude::*;

    const BANDS: Bands = Bands {
        pass_mark: 70,
        well_from: 80,
        best_from: 90,
    };

    fn applicant(id: i64, percent: i64, preference: VeteransPreference, at: &str) -> Applicant {
        Applicant {
            id,
            percent,
            preference,
            submitted_at: format!("2025-03-{at}:00Z"),
        }
    }

    /// The worked example in the README ("How applicants are ranked"):
    /// bands 70 / 80 / 90.
    fn example() -> Vec<Applicant> {
        vec![
            applicant(1, 96, NoClaim, "01T09:00"),
            applicant(2, 91, Tp, "02T10:00"),
            applicant(3, 78, Cps, "03T08:00"),
            applicant(4, 87, NoClaim, "02T09:00"),
            applicant(5, 88, Xp, "01T11:00"),
            applicant(6, 87, NoClaim, "01T15:00"),
            applicant(7, 84, Cp, "02T14:00"),
            applicant(8, 72, NoClaim, "01T08:00"),
            applicant(9, 65, Tp, "01T12:00"),
        ]
    }

    fn rules(method: HiringMethod) -> RankingRules {
        RankingRules {
            method,
            bands: BANDS,
            disabled_veterans_float: true,
            referral_range: 4,
        }
    }

    fn ids(ranked: &[Ranked]) -> Vec<i64> {
        ranked.iter().map(|r| r.id).collect()
    }

    fn place(ranked: &[Ranked], id: i64) -> &Ranked {
        ranked.iter().find(|r| r.id == id).unwrap()
    }

    #[test]
    fn category_for_changes_at_each_band_edge() {
        assert_eq!(category_for(0, &BANDS), None);
        assert_eq!(category_for(69, &BANDS), None);
        assert_eq!(category_for(70, &BANDS), Some(Category::Qualified));
        assert_eq!(category_for(79, &BANDS), Some(Category::Qualified));
        assert_eq!(category_for(80, &BANDS), Some(Category::Well));
        assert_eq!(category_for(89, &BANDS), Some(Category::Well));
        assert_eq!(category_for(90, &BANDS), Some(Category::Best));
        assert_eq!(category_for(100, &BANDS), Some(Category::Best));
    }

    #[test]
    fn equal_bands_leave_no_room_for_the_lower_categories() {
        let flat = Bands {
            pass_mark: 80,
            well_from: 80,
            best_from: 80,
        };
        assert_eq!(category_for(79, &flat), None);
        assert_eq!(category_for(80, &flat), Some(Category::Best));
    }

    #[test]
    fn categories_are_ordered_best_first_and_round_trip_as_text() {
        assert!(Category::Best < Category::Well && Category::Well < Category::Qualified);
        for category in Category::ALL {
            assert_eq!(category.as_str().parse(), Ok(category));
        }
        assert!("excellent".parse::<Category>().is_err());
        assert_eq!(Category::Best.label(), "Best Qualified");
    }

    #[test]
    fn preference_points_are_five_for_tp_and_ten_for_the_disability_claims() {
        assert_eq!(preference_points(NoClaim), 0);
        assert_eq!(preference_points(Tp), 5);
        assert_eq!(preference_points(Xp), 10);
        assert_eq!(preference_points(Cp), 10);
        assert_eq!(preference_points(Cps), 10);
        let floating: Vec<_> = VeteransPreference::ALL
            .into_iter()
            .filter(|p| floats_to_top(*p))
            .collect();
        assert_eq!(floating, [Cp, Cps]);
    }

    #[test]
    fn category_rating_floats_cp_and_cps_and_puts_preference_first_in_each_category() {
        let ranked = rank(&rules(HiringMethod::CategoryRating), &example());
        assert_eq!(
            ids(&ranked),
            [
                7, // CP (84, Well) floats to the top of Best
                3, // CPS (78, Qualified) floats too, behind the higher CP score
                2, // Best, TP: a preference eligible ahead of a higher score
                1, // Best, no claim
                5, // Well, XP ahead of the no-claim 87s
                6, // Well, 87, submitted before 4
                4, // Well, 87
                8, // Qualified
                   // 9 (65) is below the pass mark
            ]
        );
        assert_eq!(place(&ranked, 3).category, Some(Category::Best));
        assert!(place(&ranked, 3).floated);
        assert_eq!(place(&ranked, 3).rating, 78, "the rating is the percent");
        assert_eq!(place(&ranked, 5).category, Some(Category::Well));
        assert!(!place(&ranked, 5).floated);
        assert_eq!(place(&ranked, 8).category, Some(Category::Qualified));
    }

    #[test]
    fn category_rating_refers_the_best_category_with_its_floated_veterans() {
        let rules = rules(HiringMethod::CategoryRating);
        let referred = referral_list(&rules, &rank(&rules, &example()));
        assert_eq!(ids(&referred), [7, 3, 2, 1]);
    }

    #[test]
    fn without_the_float_cp_and_cps_stay_in_their_categories_as_preference_eligibles() {
        let rules = RankingRules {
            disabled_veterans_float: false,
            ..rules(HiringMethod::CategoryRating)
        };
        let ranked = rank(&rules, &example());
        assert_eq!(
            ids(&ranked),
            [
                2, // Best, TP
                1, // Best, no claim
                5, // Well, XP 88
                7, // Well, CP 84: eligible, so ahead of the no-claim 87s
                6, // Well, 87, earlier
                4, // Well, 87
                3, // Qualified, CPS ahead of the no-claim 72
                8, // Qualified
            ]
        );
        assert!(ranked.iter().all(|r| !r.floated));
        assert_eq!(ids(&referral_list(&rules, &ranked)), [2, 1]);
    }

    #[test]
    fn category_rating_refers_the_highest_category_that_has_anyone() {
        let rules = rules(HiringMethod::CategoryRating);
        let applicants = [
            applicant(1, 85, NoClaim, "01T09:00"),
            applicant(2, 75, Tp, "01T10:00"),
            applicant(3, 82, Tp, "01T11:00"),
        ];
        let ranked = rank(&rules, &applicants);
        assert_eq!(ids(&ranked), [3, 1, 2]);
        assert_eq!(ids(&referral_list(&rules, &ranked)), [3, 1]);
        assert_eq!(referral_list(&rules, &[]), []);
    }

    #[test]
    fn rule_of_many_adds_points_floats_cp_and_cps_and_breaks_ties_by_preference() {
        let ranked = rank(&rules(HiringMethod::RuleOfMany), &example());
        assert_eq!(
            ids(&ranked),
            [
                7, // CP, 84 + 10 = 94, floated
                3, // CPS, 78 + 10 = 88, floated
                5, // XP, 88 + 10 = 98
                2, // TP, 91 + 5 = 96: ahead of 1 at the same rating
                1, // 96
                6, // 87, submitted before 4
                4, // 87
                8, // 72
                   // 9: 65 is below the pass mark, so no points
            ]
        );
        let ratings: Vec<i64> = ranked.iter().map(|r| r.rating).collect();
        assert_eq!(ratings, [94, 88, 98, 96, 96, 87, 87, 72]);
        assert!(ranked.iter().all(|r| r.category.is_none()));
    }

    #[test]
    fn rule_of_many_never_splits_a_tie_at_the_cutoff() {
        let rules = rules(HiringMethod::RuleOfMany);
        let ranked = rank(&rules, &example());
        // Four places: 7, 3, 5, 2; 1 has the same 96 as 2, so comes too.
        assert_eq!(ids(&referral_list(&rules, &ranked)), [7, 3, 5, 2, 1]);
        let three = RankingRules {
            referral_range: 3,
            ..rules.clone()
        };
        assert_eq!(ids(&referral_list(&three, &ranked)), [7, 3, 5]);
    }

    #[test]
    fn rule_of_many_refers_every_floated_applicant_even_beyond_the_range() {
        let rules = RankingRules {
            referral_range: 1,
            ..rules(HiringMethod::RuleOfMany)
        };
        let ranked = rank(&rules, &example());
        assert_eq!(ids(&referral_list(&rules, &ranked)), [7, 3]);
        let none = RankingRules {
            referral_range: 0,
            disabled_veterans_float: false,
            ..rules
        };
        assert_eq!(referral_list(&none, &rank(&none, &example())), []);
    }

    #[test]
    fn rule_of_many_without_the_float_ranks_cp_and_cps_by_rating() {
        let rules = RankingRules {
            disabled_veterans_float: false,
            ..rules(HiringMethod::RuleOfMany)
        };
        let ranked = rank(&rules, &example());
        // 5 (98), 2 and 1 (96, TP first), 7 (94), 3 (88), 6 and 4 (87), 8.
        assert_eq!(ids(&ranked), [5, 2, 1, 7, 3, 6, 4, 8]);
        assert!(ranked.iter().all(|r| !r.floated));
        assert_eq!(ids(&referral_list(&rules, &ranked)), [5, 2, 1, 7]);
    }

    #[test]
    fn direct_hire_lists_everyone_qualified_in_order_of_submission() {
        let rules = rules(HiringMethod::DirectHire);
        let ranked = rank(&rules, &example());
        assert_eq!(
            ids(&ranked),
            [
                8, // 1 March 08:00
                1, // 1 March 09:00
                5, // 1 March 11:00 (9, at 12:00, is below the pass mark)
                6, // 1 March 15:00
                4, // 2 March 09:00
                2, // 2 March 10:00
                7, // 2 March 14:00: no float under direct hire
                3, // 3 March 08:00
            ]
        );
        for (r, a) in ranked
            .iter()
            .map(|r| (r, example()[r.id as usize - 1].clone()))
        {
            assert_eq!(r.rating, a.percent, "no points under direct hire");
            assert!(r.category.is_none() && !r.floated);
        }
        assert_eq!(referral_list(&rules, &ranked), ranked);
    }

    #[test]
    fn direct_hire_breaks_a_same_time_tie_by_id() {
        let rules = rules(HiringMethod::DirectHire);
        let applicants = [
            applicant(12, 90, NoClaim, "01T09:00"),
            applicant(11, 75, NoClaim, "01T09:00"),
        ];
        assert_eq!(ids(&rank(&rules, &applicants)), [11, 12]);
    }

    #[test]
    fn applicants_below_the_pass_mark_are_left_out_under_every_method() {
        let applicants = [
            applicant(1, 69, Cps, "01T09:00"),
            applicant(2, 70, NoClaim, "01T10:00"),
            applicant(3, 0, Tp, "01T11:00"),
        ];
        for method in HiringMethod::ALL {
            assert_eq!(ids(&rank(&rules(method), &applicants)), [2], "{method:?}");
        }
    }

    fn any_preference() -> impl Strategy<Value = VeteransPreference> {
        prop::sample::select(VeteransPreference::ALL.to_vec())
    }

    fn any_rules() -> impl Strategy<Value = RankingRules> {
        (
            prop::sample::select(HiringMethod::ALL.to_vec()),
            1i64..=100,
            0i64..=30,
            0i64..=30,
            any::<bool>(),
            0usize..12,
        )
            .prop_map(|(method, pass_mark, to_well, to_best, float, range)| {
                let well_from = (pass_mark + to_well).min(100);
                RankingRules {
                    method,
                    bands: Bands {
                        pass_mark,
                        well_from,
                        best_from: (well_from + to_best).min(100),
                    },
                    disabled_veterans_float: float,
                    referral_range: range,
                }
            })
    }

    fn any_applicants() -> impl Strategy<Value = Vec<Applicant>> {
        prop::collection::vec((0i64..=100, any_preference(), 0u32..6), 0..40).prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(i, (percent, preference, hour))| Applicant {
                    id: i as i64 + 1,
                    percent,
                    preference,
                    submitted_at: format!("2025-03-01T{:02}:00:00Z", 9 + hour),
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn rank_lists_each_qualified_applicant_once_and_never_a_lower_category_first(
            rules in any_rules(),
            applicants in any_applicants(),
        ) {
            let ranked = rank(&rules, &applicants);

            let mut got = ids(&ranked);
            got.sort_unstable();
            let expected: Vec<i64> = applicants
                .iter()
                .filter(|a| a.percent >= rules.bands.pass_mark)
                .map(|a| a.id)
                .collect();
            prop_assert_eq!(got, expected);

            if rules.method == HiringMethod::CategoryRating {
                prop_assert!(ranked.iter().all(|r| r.category.is_some()));
                for pair in ranked.windows(2) {
                    prop_assert!(pair[0].category <= pair[1].category);
                }
            }

            let referred = referral_list(&rules, &ranked);
            prop_assert_eq!(&ranked[..referred.len()], &referred[..]);
        }
    }
}
