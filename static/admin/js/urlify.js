/*
 * The admin's slug prefill (prepopulate.js calls URLify), made to give what
 * ntmportal.vietnamese.slugify_vi gives on the server: "Cần Thơ có thêm 12 xã đạt chuẩn" ->
 * "can-tho-co-them-12-xa-dat-chuan". It replaces Django's urlify.js, whose downcoding drops
 * Vietnamese letters it does not know (ầ, ơ, ạ) and writes đ as "dj".
 */
'use strict';
{
    function URLify(s, num_chars) {
        // fold(): đ is d; every diacritic (tone and vowel mark) dropped; lower case.
        s = s.replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFD').replace(/\p{M}/gu, '');
        s = s.toLowerCase().replace(/\//g, '-');
        // Django's slugify(): ASCII only, word characters, hyphens between words.
        s = s.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
        s = s.replace(/[^\w\s-]/g, '').replace(/[-\s]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
        return s.substring(0, num_chars).replace(/-+$/g, '');
    }
    window.URLify = URLify;
}
