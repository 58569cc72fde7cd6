# The two commands of README.md. Both install what is missing first.
SAMPLE_FRONT = fixtures/images/cnid01_front.jpg
SAMPLE_BACK  = fixtures/images/cnid01_back.jpg

export OMP_THREAD_LIMIT = 1

.PHONY: demo test setup fixtures bench load scaling memory

setup:
	scripts/setup.sh

# Build in release mode and verify a bundled sample submission: a synthetic
# Chinese ID card (fixtures/images/cnid01_*), its holder typing their name in
# pinyin, a date with Chinese units and the number with spaces.
demo: setup
	cargo build --release
	./target/release/kycmatch verify --front $(SAMPLE_FRONT) --back $(SAMPLE_BACK) \
	    --name "Zhang Xiaoming" --dob "1993年3月20日" --id-number "1101 0519 9303 2084 36" \
	    --doc-type id-card --country CHN --as-of 2026-11-22

# Formatting, lints and the whole test suite.
test: setup
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo test --no-default-features --lib
	cargo test

# Regenerate the synthetic fixtures (needs the fonts).
fixtures:
	scripts/setup.sh --fonts
	cargo run --release --example gen_fixtures -- fixtures

bench: setup
	cargo bench --bench verify

# A load run against a real `kycmatch serve` on loopback (README: Service).
load: setup
	cargo build --release --bin kycmatch --example load
	cargo run --release --example load -- --requests 2000 --concurrency 8 --workers 2

# Batch throughput with 1 and 2 workers on the fixture submissions (README: Batch).
scaling: setup
	cargo build --release --bin kycmatch
	scripts/batch_scaling.sh 2

# Resident memory of a Verifier and its growth over 10,000 verifies.
memory: setup
	cargo run --release --example memory -- 10000 1
