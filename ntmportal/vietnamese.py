"""Vietnamese text done right: ASCII slugs, diacritic-insensitive matching and alphabetical order.

Used by both apps. The same folding runs in Python (search terms, slugs) and in the database
(`vn_fold()`: a Python function on SQLite, `lower(unaccent())` on PostgreSQL), so a search for
"soc trang" matches "Sóc Trăng" on either backend.
"""

import re
import unicodedata

from django.db.models import CharField, Lookup, TextField
from django.db.models.functions import Collate
from django.utils.text import slugify

# Combining marks that carry the tone: secondary differences in Vietnamese order.
# Listed in dictionary order: huyền, hỏi, ngã, sắc, nặng (ngang, no mark, sorts first).
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# The Vietnamese alphabet: ă, â, đ, ê, ô, ơ, ư are letters of their own.
ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}

COLLATION = "vi"


def fold(text):
    """Lower-case text with every diacritic removed: "Đắk Lắk" -> "dak lak"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# "oa", "oe", "uy" ending a syllable, the tone mark on their second vowel (old style: "Hoà"),
# matched in decomposed text: "oa" and the combining tone mark after it.
OLD_STYLE_TONE = re.compile(
    "(?<![qQ])([oO][aAeE]|[uU][yY])([" + "".join(TONES) + "])(?![\\w\u0300-\u036f])"
)


def modern_tone_marks(text):
    """The site's spelling of "hoà/hòa": the tone mark on the first vowel of a final "oa", "oe",
    "uy" ("Hoà Bình" -> "Hòa Bình", "Thuỷ" -> "Thủy"), as the administrative data
    (vietnam-provinces) writes the provinces' names: "Thanh Hóa", "Khánh Hòa"."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = OLD_STYLE_TONE.sub(lambda m: m[1][0] + m[2] + m[1][1], decomposed)
    return unicodedata.normalize("NFC", moved)


def slugify_vi(text):
    """ASCII slug of a Vietnamese name: "Sóc Trăng" -> "soc-trang", "263/QĐ-TTg" -> "263-qd-ttg"."""
    return slugify(fold(text).replace("/", "-"))


def sort_key(text):
    """A key ordering Vietnamese words as a dictionary does: letters, then tones, then case."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", text):
        if char in TONES:
            if tones:
                tones[-1] = TONES[char]
            continue
        if unicodedata.combining(char) and letters:
            # A vowel mark (breve, circumflex, horn) makes a new letter: a + ˘ = ă.
            letters[-1] = letters[-1] + char
            continue
        letters.append(char)
        tones.append(0)
    primary, case = [], []
    for letter in letters:
        lower = unicodedata.normalize("NFC", letter.lower())
        rank = LETTER_RANK.get(lower)
        if rank is not None:
            primary.append((1, rank))
        else:  # spaces, punctuation and digits before letters, other scripts after
            primary.append((0 if lower.isascii() else 2, ord(lower[0])))
        case.append(letter != letter.lower())
    return primary, tones, case


def sqlite_fold(text):
    """NULL stays NULL (an empty English translation), as in the STRICT PostgreSQL function."""
    return None if text is None else fold(text)


def sqlite_collate(left, right):
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def vietnamese_order(field):
    """An ordering expression sorting `field` in Vietnamese alphabetical order on any backend."""
    return Collate(field, COLLATION)


def install_sqlite_functions(sender, connection, **kwargs):
    """Give each new SQLite connection what PostgreSQL gets from the programs migrations."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("vn_fold", 1, sqlite_fold, deterministic=True)
        connection.connection.create_collation(COLLATION, sqlite_collate)


@CharField.register_lookup
@TextField.register_lookup
class VietnameseContains(Lookup):
    """`name__vn_contains="soc trang"`: contains, ignoring case and Vietnamese diacritics."""

    lookup_name = "vn_contains"

    def get_db_prep_lookup(self, value, connection):
        escaped = connection.ops.prep_for_like_query(fold(str(value)))
        return ("%s", [f"%{escaped}%"])

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        escape = " ESCAPE '\\'" if connection.vendor == "sqlite" else ""
        return f"vn_fold({lhs_sql}) LIKE {rhs_sql}{escape}", [*lhs_params, *rhs_params]


# PostgreSQL side, run by a programs migration.
POSTGRES_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # unaccent() is only STABLE; an IMMUTABLE wrapper naming its dictionary can back an index.
    """CREATE OR REPLACE FUNCTION vn_fold(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$""",
    f"CREATE COLLATION IF NOT EXISTS {COLLATION} (provider = icu, locale = 'vi-VN')",
]
POSTGRES_TEARDOWN = [
    f"DROP COLLATION IF EXISTS {COLLATION}",
    "DROP FUNCTION IF EXISTS vn_fold(text)",
]
