#!/usr/bin/env bash
# Prints 100 statements (one a line) that differ in structure, so that pg_stat_statements keeps
# 100 entries: the workload of the timing of steward.suggest_indexes() in test/bench/advisor.sh.
# Single predicates and pairs of predicates on five tables of test/bench/advisor/schema.sql,
# counted or with a top-N.
set -euo pipefail

orders=("customer_id = 4242" "status = 'shipped'" "channel = 'store'" "created_at >= '2023-06-01'"
        "total > 500" "coupon_code = 'VIP15'" "shipping_country = 'NL'")
customers=("country = 'SE'" "status = 'suspended'" "tier = 3" "created_at < '2019-03-01'"
           "referred_by = 77" "lower(email) = 'mia.weber77@gmx.de'")
products=("category_id = 17" "brand = 'brand_42'" "price > 300" "active"
          "attrs @> '{\"color\": \"red\"}'")
events=("customer_id = 4242" "kind = 'purchase'" "created_at >= '2023-12-30'"
        "payload @> '{\"campaign\": \"cmp7\"}'" "payload->>'device' = 'tablet'")
order_items=("product_id = 99" "quantity > 3" "discount IS NOT NULL")

# table topn(yes|no) predicates...: each predicate counted (and, with topn, as a top-N by
# created_at), then each pair counted.
emit() {
  local table=$1 topn=$2 i j
  shift 2
  local preds=("$@")
  for ((i = 0; i < ${#preds[@]}; i++)); do
    echo "SELECT count(*) FROM shop.$table WHERE ${preds[i]};"
    [ "$topn" = no ] || echo "SELECT * FROM shop.$table WHERE ${preds[i]} ORDER BY created_at DESC LIMIT 10;"
  done
  for ((i = 0; i < ${#preds[@]}; i++)); do
    for ((j = i + 1; j < ${#preds[@]}; j++)); do
      echo "SELECT count(*) FROM shop.$table WHERE ${preds[i]} AND ${preds[j]};"
    done
  done
}
emit orders yes "${orders[@]}"        # 7 * 2 + 21 = 35
emit customers yes "${customers[@]}"  # 6 * 2 + 15 = 27
emit products yes "${products[@]}"    # 5 * 2 + 10 = 20
emit events no "${events[@]}"         # 5 + 10 = 15
for p in "${order_items[@]}"; do      # 3
  echo "SELECT count(*) FROM shop.order_items WHERE $p;"
done
