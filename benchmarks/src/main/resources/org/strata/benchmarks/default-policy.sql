-- Strata's default policy (engine/src/main/resources/org/strata/level/default-policy.yaml, docs/POLICY.md)
-- written as plain SQL for DuckDB. It is both the comparison peer of CompareHarness and documentation: a
-- SQL user can read here exactly what the default policy does to each patient.
--
-- Placeholders {{name}} are filled by CompareHarness before running:
--   {{patients_csv}}, {{out_dir}}     input file and output directory
--   {{b_...}}                         risk-model coefficients from RiskModel.illustrative(), quantised as
--                                     the engine does: round(coefficient * 1e6) micro-logits per unit
--   {{b_cms_per_0_01}}                the CMS coefficient per 0.01 CMS point: round(coefficient * 1e4)
--   {{w_<condition>}}                 Cambridge Multimorbidity Score general weights x 100 (Payne 2020)
-- The tables practice_hub(practice_code, hub) and lsoa_hub(lsoa, hub) are created by the harness from
-- Strata's own hubs (HubFormation, UnregisteredPlacement), so hub assignment is not a source of difference.
--
-- The admission-risk ranking uses the integer linear predictor (BIGINT, micro-logits): integer addition is
-- exact, so this query and the engine rank every patient identically. Ties are broken by the lower patient
-- key (the NHS number). Cuts select exactly ceil(X% x eligible adults).
--
-- Lines "-- @phase NAME" split the script into the phases the harness times; statements end with ";" at the
-- end of a line.

-- @phase load
CREATE OR REPLACE TABLE patients AS
SELECT * FROM read_csv('{{patients_csv}}', header = true, auto_detect = true,
  types = {
    'patient_id': 'BIGINT', 'practice_code': 'VARCHAR', 'lsoa': 'VARCHAR', 'age': 'UTINYINT', 'sex': 'VARCHAR',
    'imd_decile': 'UTINYINT',
    'alcohol': 'UTINYINT', 'anxiety_depression': 'UTINYINT', 'atrial_fibrillation': 'UTINYINT',
    'cancer': 'UTINYINT', 'ckd': 'UTINYINT', 'connective_tissue': 'UTINYINT', 'copd': 'UTINYINT',
    'chd': 'UTINYINT', 'dementia': 'UTINYINT', 'diabetes': 'UTINYINT', 'epilepsy': 'UTINYINT',
    'hearing_loss': 'UTINYINT', 'heart_failure': 'UTINYINT', 'ibs': 'UTINYINT',
    'psychosis_bipolar': 'UTINYINT', 'stroke_tia': 'UTINYINT', 'asthma': 'UTINYINT',
    'hypertension': 'UTINYINT', 'constipation': 'UTINYINT', 'painful_condition': 'UTINYINT',
    'learning_disability': 'UTINYINT', 'palliative_care': 'UTINYINT', 'care_home': 'UTINYINT',
    'housebound': 'UTINYINT', 'social_care': 'UTINYINT', 'carer': 'UTINYINT',
    'efi_deficits': 'UTINYINT', 'emergency_admissions': 'UTINYINT', 'ae_attendances': 'USMALLINT',
    'elective_admissions': 'UTINYINT', 'outpatient_attendances': 'USMALLINT', 'gp_contacts': 'USMALLINT',
    'bed_days': 'USMALLINT', 'medicines': 'UTINYINT', 'cost_12m': 'DECIMAL(12,2)',
    'emergency_admissions_next_12m': 'UTINYINT'
  });

-- @phase score
-- Cambridge Multimorbidity Score x 100, the count of the 20 conditions, and the admission-risk linear
-- predictor in micro-logits, summed in RiskModel's feature order.
-- The stored columns are narrow (UTINYINT), and DuckDB checks overflow in the operand type, so the inputs
-- are widened to BIGINT first.
CREATE OR REPLACE TABLE scored AS
WITH p AS (
  SELECT patient_id, practice_code, lsoa, sex,
    age::BIGINT AS age, imd_decile::BIGINT AS imd_decile, efi_deficits::BIGINT AS efi_deficits,
    emergency_admissions::BIGINT AS emergency_admissions, ae_attendances::BIGINT AS ae_attendances,
    medicines::BIGINT AS medicines,
    alcohol::BIGINT AS alcohol, anxiety_depression::BIGINT AS anxiety_depression,
    atrial_fibrillation::BIGINT AS atrial_fibrillation, cancer::BIGINT AS cancer, ckd::BIGINT AS ckd,
    connective_tissue::BIGINT AS connective_tissue, copd::BIGINT AS copd, chd::BIGINT AS chd,
    dementia::BIGINT AS dementia, diabetes::BIGINT AS diabetes, epilepsy::BIGINT AS epilepsy,
    hearing_loss::BIGINT AS hearing_loss, heart_failure::BIGINT AS heart_failure, ibs::BIGINT AS ibs,
    psychosis_bipolar::BIGINT AS psychosis_bipolar, stroke_tia::BIGINT AS stroke_tia,
    asthma::BIGINT AS asthma, hypertension::BIGINT AS hypertension, constipation::BIGINT AS constipation,
    painful_condition::BIGINT AS painful_condition,
    learning_disability, palliative_care, care_home, housebound
  FROM patients
),
m AS (
  SELECT *,
    ( alcohol * {{w_alcohol}} + anxiety_depression * {{w_anxiety_depression}}
    + atrial_fibrillation * {{w_atrial_fibrillation}} + cancer * {{w_cancer}} + ckd * {{w_ckd}}
    + connective_tissue * {{w_connective_tissue}} + copd * {{w_copd}} + chd * {{w_chd}}
    + dementia * {{w_dementia}} + diabetes * {{w_diabetes}} + epilepsy * {{w_epilepsy}}
    + hearing_loss * {{w_hearing_loss}} + heart_failure * {{w_heart_failure}} + ibs * {{w_ibs}}
    + psychosis_bipolar * {{w_psychosis_bipolar}} + stroke_tia * {{w_stroke_tia}} + asthma * {{w_asthma}}
    + hypertension * {{w_hypertension}} + constipation * {{w_constipation}}
    + painful_condition * {{w_painful_condition}} ) AS cms_x100,
    ( alcohol + anxiety_depression + atrial_fibrillation + cancer + ckd + connective_tissue + copd
    + chd + dementia + diabetes + epilepsy + hearing_loss + heart_failure + ibs + psychosis_bipolar
    + stroke_tia + asthma + hypertension + constipation + painful_condition ) AS ltc_count
  FROM p
)
SELECT patient_id, practice_code, lsoa, age, efi_deficits, emergency_admissions, ae_attendances,
  palliative_care, care_home, housebound, learning_disability,
  dementia, heart_failure, copd, psychosis_bipolar, ltc_count,
  ( {{b_intercept}}
  + CASE WHEN age < 18 THEN {{b_age_0_17}}
         WHEN age < 50 THEN 0                                   -- 18-49: reference
         WHEN age < 65 THEN {{b_age_50_64}}
         WHEN age < 75 THEN {{b_age_65_74}}
         WHEN age < 85 THEN {{b_age_75_84}}
         ELSE {{b_age_85_plus}} END
  + CASE WHEN upper(sex) IN ('M', '1') THEN {{b_male}} ELSE 0 END   -- female, not known: reference
  + {{b_cms_per_0_01}} * cms_x100
  + CASE WHEN efi_deficits >= 13 THEN {{b_efi_severe}}
         WHEN efi_deficits >= 9 THEN {{b_efi_moderate}}
         WHEN efi_deficits >= 5 THEN {{b_efi_mild}}
         ELSE 0 END                                             -- fit: reference
  + {{b_emergency_admissions_capped_3}} * least(emergency_admissions, 3)
  + {{b_ae_attendances_capped_3}} * least(ae_attendances, 3)
  + CASE WHEN care_home = 1 THEN {{b_care_home}} ELSE 0 END
  + CASE WHEN palliative_care = 1 THEN {{b_palliative_care}} ELSE 0 END
  + CASE WHEN imd_decile IN (1, 2) THEN {{b_imd_quintile_1}}
         WHEN imd_decile IN (3, 4) THEN {{b_imd_quintile_2}}
         WHEN imd_decile IN (7, 8) THEN {{b_imd_quintile_4}}
         WHEN imd_decile IN (9, 10) THEN {{b_imd_quintile_5}}
         ELSE 0 END                                             -- quintile 3 and not recorded: reference
  + CASE WHEN medicines >= 10 THEN {{b_medicines_10_plus}} ELSE 0 END
  ) AS predictor
FROM m;

-- @phase cuts
-- Top 2% and top 20% of adults, footprint-wide: exactly ceil(X% x adults) people, ranked by the predictor,
-- highest first; ties to the lower NHS number.
CREATE OR REPLACE TABLE cuts AS
WITH ranked AS (
  SELECT patient_id,
    row_number() OVER (ORDER BY predictor DESC, patient_id ASC) AS risk_rank,
    count(*) OVER () AS adults
  FROM scored
  WHERE age >= 18
)
SELECT patient_id,
  risk_rank <= (2 * adults + 99) // 100 AS top_2pct_risk,
  risk_rank <= (20 * adults + 99) // 100 AS top_20pct_risk
FROM ranked;

-- @phase levels
-- The highest level any of whose rules match; the deciding rule is the first match in file order.
CREATE OR REPLACE TABLE before_floor AS
SELECT s.patient_id, s.practice_code, s.lsoa, s.age, s.predictor,
  CASE
    WHEN s.palliative_care = 1 THEN 'palliative_care'
    WHEN s.efi_deficits >= 13 AND s.age >= 65 THEN 'severe_frailty'
    WHEN s.care_home = 1 THEN 'care_home'
    WHEN s.emergency_admissions >= 3 THEN 'emergency_admissions_3plus'
    WHEN c.top_2pct_risk THEN 'top_2pct_risk'
    WHEN s.ltc_count >= 2 THEN 'multimorbidity'
    WHEN s.efi_deficits BETWEEN 9 AND 12 AND s.age >= 65 THEN 'moderate_frailty'
    WHEN s.dementia = 1 OR s.heart_failure = 1 OR s.copd = 1 OR s.psychosis_bipolar = 1
         OR s.learning_disability = 1 THEN 'key_conditions'
    WHEN s.housebound = 1 THEN 'housebound'
    WHEN c.top_20pct_risk THEN 'top_20pct_risk'
    WHEN s.ae_attendances >= 1 THEN 'ae_attendance'
    WHEN s.emergency_admissions >= 1 THEN 'emergency_admission'
  END AS deciding_rule
FROM scored s LEFT JOIN cuts c USING (patient_id);

-- The practice floor, applied last: in each practice, need = max(0, ceil(2% x adults) - adults already at
-- level 1); that many of its adults not at level 1 are promoted, highest risk first, ties to the lower NHS
-- number.
CREATE OR REPLACE TABLE results AS
WITH leveled AS (
  SELECT *,
    CASE WHEN deciding_rule IN ('palliative_care', 'severe_frailty', 'care_home', 'emergency_admissions_3plus',
                                'top_2pct_risk') THEN 1
         WHEN deciding_rule IN ('multimorbidity', 'moderate_frailty', 'key_conditions', 'housebound',
                                'top_20pct_risk') THEN 2
         WHEN deciding_rule IS NOT NULL THEN 3
         ELSE 4 END AS level
  FROM before_floor
),
need AS (
  SELECT practice_code,
    greatest(0, (2 * count(*) + 99) // 100 - count(*) FILTER (WHERE level = 1)) AS need
  FROM leveled
  WHERE age >= 18 AND practice_code IS NOT NULL
  GROUP BY practice_code
),
candidates AS (
  SELECT l.patient_id,
    row_number() OVER (PARTITION BY l.practice_code ORDER BY l.predictor DESC, l.patient_id ASC) AS floor_rank,
    n.need
  FROM leveled l JOIN need n USING (practice_code)
  WHERE l.age >= 18 AND l.level > 1 AND n.need > 0
),
promoted AS (
  SELECT patient_id FROM candidates WHERE floor_rank <= need
)
SELECT l.patient_id, l.practice_code, l.lsoa, l.predictor,
  CASE WHEN p.patient_id IS NOT NULL THEN 1 ELSE l.level END AS level,
  CASE WHEN p.patient_id IS NOT NULL THEN 'practice_floor_2pct' ELSE l.deciding_rule END AS deciding_rule
FROM leveled l LEFT JOIN promoted p USING (patient_id);

-- @phase rollup
-- Registered patients count in their practice and its hub; the unregistered in the hub their LSOA is
-- placed in; anyone else in "unassigned".
CREATE OR REPLACE TABLE practice_rollup AS
SELECT practice_code,
  count(*) FILTER (WHERE level = 1) AS level_1, count(*) FILTER (WHERE level = 2) AS level_2,
  count(*) FILTER (WHERE level = 3) AS level_3, count(*) FILTER (WHERE level = 4) AS level_4
FROM results
WHERE practice_code IS NOT NULL
GROUP BY practice_code;

-- A hub's counts are the sums of its practices' plus the unregistered placed in it by their LSOA.
CREATE OR REPLACE TABLE hub_rollup AS
WITH cells AS (
  SELECT ph.hub, p.level_1, p.level_2, p.level_3, p.level_4
  FROM practice_rollup p JOIN practice_hub ph USING (practice_code)
  UNION ALL
  SELECT coalesce(lh.hub, 'unassigned') AS hub,
    count(*) FILTER (WHERE r.level = 1), count(*) FILTER (WHERE r.level = 2),
    count(*) FILTER (WHERE r.level = 3), count(*) FILTER (WHERE r.level = 4)
  FROM results r LEFT JOIN lsoa_hub lh ON lh.lsoa = r.lsoa
  WHERE r.practice_code IS NULL
  GROUP BY 1
)
SELECT hub, sum(level_1)::BIGINT AS level_1, sum(level_2)::BIGINT AS level_2, sum(level_3)::BIGINT AS level_3,
  sum(level_4)::BIGINT AS level_4
FROM cells
GROUP BY hub;

-- @phase write
COPY (SELECT patient_id, level, deciding_rule, predictor FROM results)
  TO '{{out_dir}}/patients.parquet' (FORMAT parquet);
COPY (SELECT patient_id, level, deciding_rule, predictor FROM results)
  TO '{{out_dir}}/patients.csv' (HEADER);
COPY practice_rollup TO '{{out_dir}}/practices.csv' (HEADER);
COPY hub_rollup TO '{{out_dir}}/hubs.csv' (HEADER);
