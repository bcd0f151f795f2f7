-- Held-out labelled data set of data classification (issue 4): schema classify_holdout.
-- Written without looking at the classifier, from domains that dataset.sql does not use (travel,
-- hotels, insurance, education, fitness, car rental, real estate, ticketing, IoT, libraries, jobs,
-- charity, dating, ride sharing, pharmacy, veterinary, parking, e-learning, marketplace): it
-- measures how well classify_data() generalises beyond the data it was tuned on.
-- Plain SQL for psql on core PostgreSQL 15, no extension, no external file. Deterministic: one
-- setseed() and then only random() and generate_series(); helper generators live in pg_temp and
-- disappear with the session. Labels of every column: holdout_labels.csv next to this file.
-- Load: psql -v ON_ERROR_STOP=1 -q -f test/bench/classify/holdout.sql
\set ON_ERROR_STOP 1
SELECT setseed(0.1729);
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;   -- one process draws every random number, in order
SET synchronous_commit = off;
SET TimeZone = 'UTC';                       -- literals and to_char() below do not depend on the session
DROP SCHEMA IF EXISTS classify_holdout CASCADE;
CREATE SCHEMA classify_holdout;
COMMENT ON SCHEMA classify_holdout IS 'Held-out labelled data set of steward.classify_data(); labels in test/bench/classify/holdout_labels.csv';
SET search_path = classify_holdout, pg_catalog;

------------------------------------------------------------------------------------------------
-- Generic generators
------------------------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.pick(a text[]) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT a[1 + floor(random() * array_length(a, 1))::int] $$;
CREATE FUNCTION pg_temp.rint(lo int, hi int) RETURNS int LANGUAGE sql VOLATILE
  AS $$ SELECT lo + floor(random() * (hi - lo + 1))::int $$;
CREATE FUNCTION pg_temp.rnum(lo numeric, hi numeric, scale int) RETURNS numeric LANGUAGE sql VOLATILE
  AS $$ SELECT round(lo + (random() * (hi - lo))::numeric, scale) $$;
CREATE FUNCTION pg_temp.rchars(alphabet text, n int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT string_agg(substr(alphabet, 1 + floor(random() * length(alphabet))::int, 1), '')
        FROM generate_series(1, n) $$;
CREATE FUNCTION pg_temp.digits(n int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT pg_temp.rchars('0123456789', n) $$;
CREATE FUNCTION pg_temp.upper_letters(n int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT pg_temp.rchars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', n) $$;
CREATE FUNCTION pg_temp.alnum(n int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT pg_temp.rchars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', n) $$;
CREATE FUNCTION pg_temp.hex(n int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT pg_temp.rchars('0123456789abcdef', n) $$;
CREATE FUNCTION pg_temp.rbytes(n int) RETURNS bytea LANGUAGE sql VOLATILE
  AS $$ SELECT decode(pg_temp.hex(2 * n), 'hex') $$;
CREATE FUNCTION pg_temp.b64(n int) RETURNS text LANGUAGE sql VOLATILE           -- standard, padded
  AS $$ SELECT replace(encode(pg_temp.rbytes(n), 'base64'), E'\n', '') $$;
CREATE FUNCTION pg_temp.b64nopad(n int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT rtrim(pg_temp.b64(n), '=') $$;
CREATE FUNCTION pg_temp.b64url_text(t text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT rtrim(translate(replace(encode(convert_to(t, 'UTF8'), 'base64'), E'\n', ''), '+/', '-_'), '=') $$;
CREATE FUNCTION pg_temp.b64url(n int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT rtrim(translate(pg_temp.b64(n), '+/', '-_'), '=') $$;
CREATE FUNCTION pg_temp.ruuid() RETURNS uuid LANGUAGE sql VOLATILE      -- follows setseed(), unlike gen_random_uuid()
  AS $$ SELECT overlay(overlay(pg_temp.hex(32) placing '4' from 13) placing pg_temp.pick('{8,9,a,b}') from 17)::uuid $$;
CREATE FUNCTION pg_temp.rdate(lo date, hi date) RETURNS date LANGUAGE sql VOLATILE
  AS $$ SELECT lo + floor(random() * (hi - lo + 1))::int $$;
CREATE FUNCTION pg_temp.rts(lo timestamptz, hi timestamptz) RETURNS timestamptz LANGUAGE sql VOLATILE
  AS $$ SELECT date_trunc('second', lo + random() * (hi - lo)) $$;
CREATE FUNCTION pg_temp.sha256hex(t text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT encode(sha256(convert_to(t, 'UTF8')), 'hex') $$;

------------------------------------------------------------------------------------------------
-- Check digits
------------------------------------------------------------------------------------------------
-- Luhn: append the check digit
CREATE FUNCTION pg_temp.luhn_complete(p text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT p || ((10 - sum(CASE WHEN i % 2 = 1
                              THEN (substr(reverse(p), i, 1)::int * 2) / 10 + (substr(reverse(p), i, 1)::int * 2) % 10
                              ELSE substr(reverse(p), i, 1)::int END) % 10) % 10)::text
  FROM generate_series(1, length(p)) i $$;
-- GS1 (EAN-13 / ISBN-13): weights 1,3 from the left on 12 digits
CREATE FUNCTION pg_temp.gs1_complete(p text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT p || ((10 - sum(substr(p, i, 1)::int * CASE WHEN i % 2 = 1 THEN 1 ELSE 3 END) % 10) % 10)::text
  FROM generate_series(1, length(p)) i $$;
-- letters as 10..35, as ISO 13616 and ISO 7064 need them
CREATE FUNCTION pg_temp.alnum_digits(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT string_agg(CASE WHEN substr(s, i, 1) ~ '[0-9]' THEN substr(s, i, 1)
                         ELSE (ascii(substr(s, i, 1)) - 55)::text END, '' ORDER BY i)
  FROM generate_series(1, length(s)) i $$;
CREATE FUNCTION pg_temp.mod97_check(body_then_cc00 text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT lpad((98 - mod(pg_temp.alnum_digits(body_then_cc00)::numeric, 97))::int::text, 2, '0') $$;
-- Italian odd/even check character (codice fiscale, and the CIN of an Italian account)
CREATE FUNCTION pg_temp.it_check_char(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT chr(65 + (sum(CASE WHEN i % 2 = 1
      THEN (ARRAY[1,0,5,7,9,13,15,17,19,21,2,4,18,20,11,3,6,8,12,14,16,10,22,25,24,23])[1 + v]
      ELSE v END) % 26)::int)
  FROM (SELECT i, CASE WHEN substr(s, i, 1) ~ '[0-9]' THEN substr(s, i, 1)::int
                       ELSE ascii(substr(s, i, 1)) - 65 END AS v
        FROM generate_series(1, length(s)) i) x $$;

------------------------------------------------------------------------------------------------
-- Payment data
------------------------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.card() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE r float8 := random();
BEGIN
  IF r < 0.40 THEN RETURN pg_temp.luhn_complete('4' || pg_temp.digits(14));                                  -- Visa
  ELSIF r < 0.58 THEN RETURN pg_temp.luhn_complete('5' || pg_temp.rint(1, 5) || pg_temp.digits(13));           -- Mastercard 51-55
  ELSIF r < 0.68 THEN RETURN pg_temp.luhn_complete(pg_temp.rint(2221, 2720) || pg_temp.digits(11));            -- Mastercard 2-series
  ELSIF r < 0.80 THEN RETURN pg_temp.luhn_complete(pg_temp.pick('{34,37}') || pg_temp.digits(12));             -- Amex (15)
  ELSIF r < 0.88 THEN RETURN pg_temp.luhn_complete(pg_temp.pick('{6011,6440,6500,6550}') || pg_temp.digits(11)); -- Discover
  ELSIF r < 0.95 THEN RETURN pg_temp.luhn_complete(pg_temp.rint(3528, 3589) || pg_temp.digits(11));            -- JCB
  ELSE RETURN pg_temp.luhn_complete(pg_temp.pick('{36,38}') || pg_temp.digits(11));                            -- Diners (14)
  END IF;
END $$;
CREATE FUNCTION pg_temp.card_fmt(p text, style text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE style
    WHEN 'compact' THEN p
    WHEN 'dash' THEN trim(both '-' from regexp_replace(p, '(\d{4})', '\1-', 'g'))
    ELSE CASE length(p) WHEN 15 THEN regexp_replace(p, '(\d{4})(\d{6})(\d{5})', '\1 \2 \3')
                        WHEN 14 THEN regexp_replace(p, '(\d{4})(\d{6})(\d{4})', '\1 \2 \3')
                        ELSE trim(regexp_replace(p, '(\d{4})', '\1 ', 'g')) END END $$;

CREATE FUNCTION pg_temp.iban_of(cc text, bban text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT cc || pg_temp.mod97_check(bban || cc || '00') || bban $$;
CREATE FUNCTION pg_temp.iban(cc text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE b text; g text; a text; k bigint; d int;
BEGIN
  CASE cc
  WHEN 'DE' THEN RETURN pg_temp.iban_of('DE', pg_temp.pick('{10010010,12030000,20050550,25050180,30050110,43060967,50040000,66050101,76050101,86055592}') || pg_temp.digits(10));
  WHEN 'FR' THEN   -- bank, branch, account, clé RIB
    b := pg_temp.pick('{30002,30004,10278,17515,18206,30056,42559}'); g := pg_temp.digits(5); a := pg_temp.digits(11);
    k := 97 - ((89 * b::bigint + 15 * g::bigint + 3 * a::bigint) % 97);
    RETURN pg_temp.iban_of('FR', b || g || a || lpad(k::text, 2, '0'));
  WHEN 'ES' THEN   -- bank, branch, two control digits (mod 11), account
    b := pg_temp.pick('{0049,0075,0128,0182,1465,2080,2100}') || pg_temp.digits(4); a := pg_temp.digits(10);
    RETURN pg_temp.iban_of('ES', b
      || (SELECT string_agg(CASE x WHEN 11 THEN '0' WHEN 10 THEN '1' ELSE x::text END, '' ORDER BY o)
          FROM (SELECT o, 11 - sum(substr(t, i, 1)::int * (ARRAY[1,2,4,8,5,10,9,7,3,6])[i]) % 11 AS x
                FROM (VALUES (1, '00' || b), (2, a)) v(o, t), generate_series(1, 10) i GROUP BY o) y)
      || a);
  WHEN 'IT' THEN   -- CIN, ABI, CAB, account
    b := pg_temp.pick('{03069,02008,05034,03111,01030,06230}'); g := pg_temp.digits(5); a := '0000' || pg_temp.digits(8);
    RETURN pg_temp.iban_of('IT', pg_temp.it_check_char(b || g || a) || b || g || a);
  WHEN 'NL' THEN RETURN pg_temp.iban_of('NL', pg_temp.pick('{ABNA,RABO,INGB,SNSB,TRIO,ASNB,KNAB}') || pg_temp.digits(10));
  WHEN 'BE' THEN   -- bank, account, national check (mod 97, 0 -> 97)
    a := pg_temp.pick('{001,068,310,363,539,734,751}') || pg_temp.digits(7); d := (a::bigint % 97)::int;
    RETURN pg_temp.iban_of('BE', a || lpad(CASE d WHEN 0 THEN 97 ELSE d END::text, 2, '0'));
  WHEN 'AT' THEN RETURN pg_temp.iban_of('AT', pg_temp.pick('{12000,20111,32000,14000,19043}') || pg_temp.digits(11));
  WHEN 'GB' THEN RETURN pg_temp.iban_of('GB', pg_temp.pick('{BARC,HBUK,LOYD,NWBK,MIDL,MONZ}') || pg_temp.digits(14));
  END CASE;
END $$;
CREATE FUNCTION pg_temp.iban_spaced(i text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT trim(regexp_replace(i, '(.{4})', '\1 ', 'g')) $$;

------------------------------------------------------------------------------------------------
-- National identifiers
------------------------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.ssn() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE a int := pg_temp.rint(1, 898);
BEGIN
  IF a >= 666 THEN a := a + 1; END IF;
  RETURN lpad(a::text, 3, '0') || '-' || lpad(pg_temp.rint(1, 99)::text, 2, '0') || '-' || lpad(pg_temp.rint(1, 9999)::text, 4, '0');
END $$;
CREATE FUNCTION pg_temp.nino(spaced bool) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE p text; n text;
BEGIN
  LOOP
    p := pg_temp.rchars('ABCEGHJKLMNOPRSTWXYZ', 1) || pg_temp.rchars('ABCEGHJKLMNPRSTWXYZ', 1);
    EXIT WHEN p NOT IN ('BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ');
  END LOOP;
  n := pg_temp.digits(6);
  RETURN CASE WHEN spaced THEN p || ' ' || substr(n, 1, 2) || ' ' || substr(n, 3, 2) || ' ' || substr(n, 5, 2) || ' '
              ELSE p || n END || pg_temp.rchars('ABCD', 1);
END $$;
CREATE FUNCTION pg_temp.dni() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE n int;
BEGIN
  IF random() < 0.15 THEN                                   -- NIE: X/Y/Z count as 0/1/2
    n := pg_temp.rint(0, 9999999);
    RETURN (ARRAY['X','Y','Z'])[1 + n % 3] || lpad(n::text, 7, '0')
        || substr('TRWAGMYFPDXBNJZSQVHLCKE', (((n % 3) * 10000000 + n) % 23) + 1, 1);
  END IF;
  n := pg_temp.rint(100000, 79999999);
  RETURN lpad(n::text, 8, '0') || substr('TRWAGMYFPDXBNJZSQVHLCKE', n % 23 + 1, 1);
END $$;
CREATE FUNCTION pg_temp.nir(dob date, sex text, spaced bool) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE n text; k text;
BEGIN
  n := CASE sex WHEN 'm' THEN '1' ELSE '2' END || to_char(dob, 'YYMM') || lpad(pg_temp.rint(1, 95)::text, 2, '0')
       || lpad(pg_temp.rint(1, 999)::text, 3, '0') || lpad(pg_temp.rint(1, 999)::text, 3, '0');
  k := lpad((97 - n::bigint % 97)::text, 2, '0');
  IF spaced THEN
    RETURN regexp_replace(n, '^(\d)(\d\d)(\d\d)(\d\d)(\d\d\d)(\d\d\d)$', '\1 \2 \3 \4 \5 \6') || ' ' || k;
  END IF;
  RETURN n || k;
END $$;
CREATE FUNCTION pg_temp.bsn() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE s text; t int; c int;
BEGIN
  LOOP                                                     -- 11-proof: 9a+8b+...+2h-1i = 0 mod 11
    s := pg_temp.rint(1, 6)::text || pg_temp.digits(7);
    SELECT sum(substr(s, i, 1)::int * (10 - i)) INTO t FROM generate_series(1, 8) i;
    c := t % 11;
    EXIT WHEN c < 10;
  END LOOP;
  RETURN s || c;
END $$;
CREATE FUNCTION pg_temp.it_plain(s text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT regexp_replace(upper(translate(s, 'àèéìòùÀÈÉÌÒÙ', 'aeeiouAEEIOU')), '[^A-Z]', '', 'g') $$;
CREATE FUNCTION pg_temp.codice_fiscale(first text, last text, dob date, sex text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE f text := pg_temp.it_plain(first); l text := pg_temp.it_plain(last); fc text; lc text; cf text;
BEGIN
  lc := left(regexp_replace(l, '[AEIOU]', '', 'g') || regexp_replace(l, '[^AEIOU]', '', 'g') || 'XXX', 3);
  fc := regexp_replace(f, '[AEIOU]', '', 'g');
  IF length(fc) >= 4 THEN fc := substr(fc, 1, 1) || substr(fc, 3, 2);
  ELSE fc := left(fc || regexp_replace(f, '[^AEIOU]', '', 'g') || 'XXX', 3); END IF;
  cf := lc || fc || to_char(dob, 'YY') || substr('ABCDEHLMPRST', extract(month FROM dob)::int, 1)
        || lpad((extract(day FROM dob)::int + CASE WHEN sex = 'f' THEN 40 ELSE 0 END)::text, 2, '0')
        || pg_temp.pick('{H501,F205,L219,F839,A944,D612,G273,L736,D969,L424}');
  RETURN cf || pg_temp.it_check_char(cf);
END $$;
-- German identity card number: authority letter, 8 characters, check digit (weights 7,3,1)
CREATE FUNCTION pg_temp.ausweis() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE s text := pg_temp.rchars('LMNPRTVWXY', 1) || pg_temp.rchars('CFGHJKLMNPRTVWXYZ0123456789', 8); t int;
BEGIN
  SELECT sum(CASE WHEN substr(s, i, 1) ~ '[0-9]' THEN substr(s, i, 1)::int ELSE ascii(substr(s, i, 1)) - 55 END
             * (ARRAY[7,3,1])[1 + (i - 1) % 3]) INTO t FROM generate_series(1, 9) i;
  RETURN s || (t % 10);
END $$;

------------------------------------------------------------------------------------------------
-- People, places, contact data
------------------------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.lang_of(cc text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE cc WHEN 'US' THEN 'en' WHEN 'GB' THEN 'en' WHEN 'IE' THEN 'en' WHEN 'DE' THEN 'de' WHEN 'AT' THEN 'de'
                 WHEN 'FR' THEN 'fr' WHEN 'BE' THEN 'fr' WHEN 'ES' THEN 'es' WHEN 'IT' THEN 'it' WHEN 'NL' THEN 'nl' ELSE 'en' END $$;
CREATE FUNCTION pg_temp.first_name(lang text, sex text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT pg_temp.pick(CASE lang || sex
    WHEN 'enm' THEN '{James,Robert,John,Michael,David,William,Richard,Joseph,Thomas,Christopher,Daniel,Matthew,Andrew,Joshua,Ryan,Oliver,Harry,George,Jack,Arjun,Wei,Mohammed}'::text[]
    WHEN 'enf' THEN '{Mary,Patricia,Jennifer,Linda,Elizabeth,Barbara,Susan,Jessica,Sarah,Karen,Emily,Olivia,Ashley,Amelia,Isla,Charlotte,Priya,Mei,Fatima,Chloe}'::text[]
    WHEN 'dem' THEN '{Lukas,Leon,Finn,Jonas,Paul,Maximilian,Felix,Jürgen,Klaus,Stefan,Günter,Jörg,Matthias,Tobias,Sebastian,Uwe,Dieter,Moritz}'::text[]
    WHEN 'def' THEN '{Anna,Lea,Hannah,Mia,Lena,Sophie,Marie,Ursula,Renate,Sabine,Brigitte,Katrin,Petra,Monika,Johanna,Greta,Claudia,Heike}'::text[]
    WHEN 'frm' THEN '{Jean,Pierre,Michel,Philippe,Alain,Nicolas,Julien,Hugo,Louis,Théo,François,Jérôme,Mathieu,Gaël,Benoît,Thierry,Yannick,Loïc,Jean-Baptiste}'::text[]
    WHEN 'frf' THEN '{Marie,Nathalie,Isabelle,Sylvie,Catherine,Sophie,Camille,Léa,Chloé,Manon,Élodie,Océane,Aurélie,Céline,Margaux,Inès,Hélène,Agnès,Marie-Claire}'::text[]
    WHEN 'esm' THEN '{Antonio,Manuel,José,Francisco,David,Javier,Daniel,Carlos,Alejandro,Pablo,Sergio,Jorge,Álvaro,Iñaki,Raúl,Rubén,Joaquín,Andrés,José Luis}'::text[]
    WHEN 'esf' THEN '{María,Carmen,Ana,Laura,Isabel,Lucía,Marta,Cristina,Paula,Elena,Sofía,Nuria,Pilar,Rocío,Begoña,Ainhoa,Montserrat,María José}'::text[]
    WHEN 'itm' THEN '{Marco,Alessandro,Luca,Matteo,Giuseppe,Lorenzo,Andrea,Francesco,Davide,Riccardo,Stefano,Giovanni,Antonio,Simone,Federico,Niccolò}'::text[]
    WHEN 'itf' THEN '{Giulia,Francesca,Chiara,Sara,Valentina,Martina,Federica,Alessia,Elisa,Silvia,Giorgia,Beatrice,Ilaria,Roberta,Serena,Aurora}'::text[]
    WHEN 'nlm' THEN '{Daan,Sem,Lucas,Levi,Finn,Jan,Pieter,Bram,Joost,Thijs,Ruben,Jeroen,Sander,Maarten,Wouter,Gijs}'::text[]
    ELSE            '{Emma,Julia,Mila,Tess,Sophie,Anouk,Sanne,Lotte,Femke,Fleur,Eva,Lieke,Marieke,Ilse,Noor,Annelies}'::text[]
  END) $$;
CREATE FUNCTION pg_temp.last_name(lang text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT pg_temp.pick(CASE lang
    WHEN 'en' THEN '{Smith,Johnson,Williams,Brown,Jones,Miller,Davis,Wilson,Anderson,Taylor,Thomas,Moore,Jackson,Martin,Thompson,White,Harris,Clark,Lewis,Walker,O''Brien,Patel,Nguyen,Kowalski,Okafor,MacDonald,Evans,Hughes}'::text[]
    WHEN 'de' THEN '{Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Schäfer,Koch,Bauer,Richter,Klein,Wolf,Schröder,Neumann,Schwarz,Zimmermann,Braun,Krüger,Hartmann,Lange,Köhler,von Arnim,Yılmaz}'::text[]
    WHEN 'fr' THEN '{Martin,Bernard,Dubois,Thomas,Robert,Richard,Petit,Durand,Leroy,Moreau,Simon,Laurent,Lefebvre,Michel,Garnier,Faure,Rousseau,Blanc,Guérin,Muller,Lefèvre,Mercier,Dupont,Boyer,Chevalier,N''Diaye,de Villiers}'::text[]
    WHEN 'es' THEN '{García,Rodríguez,González,Fernández,López,Martínez,Sánchez,Pérez,Gómez,Martín,Jiménez,Ruiz,Hernández,Díaz,Moreno,Muñoz,Álvarez,Romero,Alonso,Gutiérrez,Navarro,Torres,Domínguez,Vázquez,Ramos,Gil,Serrano,Ortega,Iglesias,Castillo}'::text[]
    WHEN 'it' THEN '{Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,Bruno,Gallo,Conti,De Luca,Mancini,Costa,Giordano,Rizzo,Lombardi,Moretti,Barbieri,Fontana,Santoro,Mariani,Rinaldi,Caruso,D''Angelo}'::text[]
    ELSE '{de Jong,Jansen,de Vries,van den Berg,van Dijk,Bakker,Janssen,Visser,Smit,Meijer,de Boer,Mulder,de Groot,Bos,Vos,Peters,Hendriks,van Leeuwen,Dekker,Brouwer,de Wit,Dijkstra,Smits,de Graaf,van der Meer,Kok,Jacobs}'::text[]
  END) $$;
CREATE FUNCTION pg_temp.slug(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT regexp_replace(lower(translate(replace(replace(replace(t, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'),
           'ßéèêëàâçîïôûùñáíóúıòìÉÈÁÍÓÚÑÄÖÜ', 'seeeeaaciiouunaiouioiEEAIOUNAOU')), '[^a-z]', '', 'g') $$;
CREATE FUNCTION pg_temp.email(f text, l text, lang text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT (CASE pg_temp.rint(1, 7)
            WHEN 1 THEN pg_temp.slug(f) || '.' || pg_temp.slug(l)
            WHEN 2 THEN pg_temp.slug(f) || '_' || pg_temp.slug(l) || pg_temp.rint(1, 99)
            WHEN 3 THEN left(pg_temp.slug(f), 1) || pg_temp.slug(l)
            WHEN 4 THEN pg_temp.slug(f) || pg_temp.rint(1955, 2006)
            WHEN 5 THEN pg_temp.slug(l) || '.' || pg_temp.slug(f)
            WHEN 6 THEN pg_temp.slug(f) || '.' || pg_temp.slug(l) || '+' || pg_temp.pick('{travel,news,shop,bookings}')
            ELSE initcap(pg_temp.slug(f)) || '.' || initcap(pg_temp.slug(l)) END)
      || '@' || pg_temp.pick(CASE lang
            WHEN 'de' THEN '{gmx.de,web.de,t-online.de,gmail.com,posteo.de,mailbox.org,gmx.net}'::text[]
            WHEN 'fr' THEN '{orange.fr,free.fr,laposte.net,gmail.com,sfr.fr,hotmail.fr,yahoo.fr}'::text[]
            WHEN 'es' THEN '{gmail.com,hotmail.es,yahoo.es,outlook.es,telefonica.net}'::text[]
            WHEN 'it' THEN '{libero.it,gmail.com,virgilio.it,tiscali.it,alice.it,hotmail.it}'::text[]
            WHEN 'nl' THEN '{ziggo.nl,kpnmail.nl,gmail.com,hotmail.nl,xs4all.nl,planet.nl}'::text[]
            WHEN 'work' THEN '{bluewave-logistics.com,stadtwerke-musterstadt.de,cabinet-moreau.fr,studio-legale-conti.it,vandenberg-advies.nl,inmobiliaria-sol.es}'::text[]
            ELSE '{gmail.com,yahoo.com,outlook.com,hotmail.co.uk,icloud.com,btinternet.com,proton.me,aol.com}'::text[] END) $$;

-- Valid phone numbers; style e164 (+4915112345678), intl (+49 151 12345678) or national (0151 12345678)
CREATE FUNCTION pg_temp.phone(cc text, style text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE p text; s text; e text;
BEGIN
  CASE cc
  WHEN 'US' THEN
    p := pg_temp.pick('{212,646,718,312,773,206,425,512,737,617,857,303,720,415,510,305,404,702,602,919}');
    e := pg_temp.rint(2, 9)::text || pg_temp.rint(0, 9) || pg_temp.rint(2, 9); s := pg_temp.digits(4);
    RETURN CASE style WHEN 'e164' THEN '+1' || p || e || s WHEN 'intl' THEN '+1 ' || p || ' ' || e || ' ' || s
                      ELSE pg_temp.pick(ARRAY['(' || p || ') ' || e || '-' || s, p || '-' || e || '-' || s, p || '.' || e || '.' || s]) END;
  WHEN 'GB' THEN
    IF random() < 0.7 THEN p := pg_temp.pick('{7412,7436,7480,7508,7534,7595,7711,7723,7748,7756,7775,7788,7801,7817,7842,7875,7903,7921,7946,7960,7984}'); s := pg_temp.digits(6);
      RETURN CASE style WHEN 'e164' THEN '+44' || p || s WHEN 'intl' THEN '+44 ' || p || ' ' || s ELSE '0' || p || ' ' || s END;
    END IF;
    p := '20'; s := pg_temp.pick('{7,8,3}') || pg_temp.digits(7);
    RETURN CASE style WHEN 'e164' THEN '+44' || p || s WHEN 'intl' THEN '+44 20 ' || substr(s, 1, 4) || ' ' || substr(s, 5)
                      ELSE '020 ' || substr(s, 1, 4) || ' ' || substr(s, 5) END;
  WHEN 'DE' THEN
    IF random() < 0.65 THEN p := pg_temp.pick('{151,152,157,160,162,163,170,171,172,173,174,175,176,177,178,179}');
      s := CASE WHEN p LIKE '15%' THEN pg_temp.digits(8) ELSE pg_temp.rint(1, 9) || pg_temp.digits(6) END;
    ELSE p := pg_temp.pick('{30,40,89,69,221,211,711,341,351,511}');
      s := pg_temp.rint(2, 9) || pg_temp.digits(CASE WHEN length(p) = 2 THEN 7 ELSE 6 END);
    END IF;
    RETURN CASE style WHEN 'e164' THEN '+49' || p || s WHEN 'intl' THEN '+49 ' || p || ' ' || s
                      ELSE '0' || p || pg_temp.pick('{" ",/,-}') || s END;
  WHEN 'FR' THEN
    p := pg_temp.pick('{6,6,6,7,1,2,3,4,5,9}');
    s := CASE p WHEN '7' THEN pg_temp.rint(3, 9) || pg_temp.digits(7) WHEN '6' THEN pg_temp.pick('{0,1,2,4,5,6,7,8}') || pg_temp.digits(7)
                ELSE pg_temp.rint(1, 9) || pg_temp.digits(7) END;
    RETURN CASE style WHEN 'e164' THEN '+33' || p || s
                      WHEN 'intl' THEN '+33 ' || p || ' ' || regexp_replace(s, '(..)(..)(..)(..)', '\1 \2 \3 \4')
                      ELSE '0' || p || regexp_replace(s, '(..)(..)(..)(..)', pg_temp.pick(ARRAY[' \1 \2 \3 \4', '.\1.\2.\3.\4', '\1\2\3\4'])) END;
  WHEN 'ES' THEN
    s := pg_temp.pick('{6,6,6,6,71,72,91,93,96,95,944,976}'); s := s || pg_temp.digits(9 - length(s));
    RETURN CASE style WHEN 'e164' THEN '+34' || s
                      WHEN 'intl' THEN '+34 ' || regexp_replace(s, '(...)(...)(...)', '\1 \2 \3')
                      ELSE pg_temp.pick(ARRAY[regexp_replace(s, '(...)(...)(...)', '\1 \2 \3'), s, regexp_replace(s, '(...)(..)(..)(..)', '\1 \2 \3 \4')]) END;
  WHEN 'IT' THEN
    IF random() < 0.7 THEN p := pg_temp.pick('{320,328,329,330,333,334,335,338,339,340,342,345,347,348,349,351,366,371,380,388,389,391,392,393}');
      s := pg_temp.digits(7);
      RETURN CASE style WHEN 'e164' THEN '+39' || p || s WHEN 'intl' THEN '+39 ' || p || ' ' || substr(s, 1, 3) || ' ' || substr(s, 4)
                        ELSE p || pg_temp.pick('{" ",""}') || s END;
    END IF;
    p := pg_temp.pick('{06,02,011,055,081,051,041}'); s := pg_temp.rint(2, 9) || pg_temp.digits(CASE WHEN length(p) = 2 THEN 7 ELSE 6 END);
    RETURN CASE style WHEN 'e164' THEN '+39' || p || s WHEN 'intl' THEN '+39 ' || p || ' ' || s ELSE p || ' ' || s END;
  WHEN 'NL' THEN
    IF random() < 0.7 THEN s := pg_temp.rint(1, 5) || pg_temp.digits(7);
      RETURN CASE style WHEN 'e164' THEN '+316' || s WHEN 'intl' THEN '+31 6 ' || s ELSE '06' || pg_temp.pick('{-," ",""}') || s END;
    END IF;
    p := pg_temp.pick('{20,10,30,70,40,50}'); s := pg_temp.rint(2, 8) || pg_temp.digits(6);
    RETURN CASE style WHEN 'e164' THEN '+31' || p || s WHEN 'intl' THEN '+31 ' || p || ' ' || s ELSE '0' || p || '-' || s END;
  END CASE;
END $$;

-- {city, postal code, latitude, longitude}
CREATE FUNCTION pg_temp.place(cc text) RETURNS text[] LANGUAGE plpgsql VOLATILE AS $$
DECLARE c text[]; pcs text[]; lat float8[]; lon float8[]; i int; pc text;
BEGIN
  CASE cc
  WHEN 'DE' THEN c := '{Berlin,Hamburg,München,Köln,Frankfurt am Main,Leipzig,Stuttgart}';
    pcs := '{"10115 10178 10243 10405 10997 12043 13347","20095 20249 20357 22041 22767","80331 80469 80802 81369 81675","50667 50733 50937 51063","60311 60316 60487 60594","04103 04229 04315","70173 70193 70372"}';
    lat := '{52.5200,53.5511,48.1372,50.9375,50.1109,51.3397,48.7758}'; lon := '{13.4050,9.9937,11.5756,6.9603,8.6821,12.3731,9.1829}';
  WHEN 'FR' THEN c := '{Paris,Lyon,Marseille,Toulouse,Lille,Bordeaux,Nantes}';
    pcs := '{"75001 75005 75008 75011 75015 75017 75019 75020","69001 69003 69006 69007","13001 13006 13008 13013","31000 31200 31300 31500","59000 59800 59160","33000 33100 33800","44000 44100 44300"}';
    lat := '{48.8566,45.7640,43.2965,43.6047,50.6292,44.8378,47.2184}'; lon := '{2.3522,4.8357,5.3698,1.4442,3.0573,-0.5792,-1.5536}';
  WHEN 'ES' THEN c := '{Madrid,Barcelona,Valencia,Sevilla,Bilbao,Zaragoza}';
    pcs := '{"28001 28004 28010 28013 28015 28020 28028 28039 28045","08001 08008 08012 08015 08021 08029 08036","46001 46005 46010 46021","41001 41003 41010 41013","48001 48005 48008 48011","50001 50004 50008"}';
    lat := '{40.4168,41.3874,39.4699,37.3891,43.2630,41.6488}'; lon := '{-3.7038,2.1686,-0.3763,-5.9845,-2.9350,-0.8891}';
  WHEN 'IT' THEN c := '{Roma,Milano,Torino,Napoli,Bologna,Firenze}';
    pcs := '{"00118 00136 00153 00161 00184 00185 00197","20121 20123 20135 20144 20159","10121 10128 10138 10143","80121 80133 80138","40121 40125 40137","50122 50129 50136"}';
    lat := '{41.9028,45.4642,45.0703,40.8518,44.4949,43.7696}'; lon := '{12.4964,9.1900,7.6869,14.2681,11.3426,11.2558}';
  WHEN 'NL' THEN c := '{Amsterdam,Rotterdam,Utrecht,Den Haag,Eindhoven,Groningen}';
    pcs := '{"1011 1012 1015 1017 1054 1071 1091","3011 3012 3014 3031 3067","3511 3512 3521 3581","2511 2514 2564","5611 5616 5642","9711 9712 9725"}';
    lat := '{52.3676,51.9244,52.0907,52.0705,51.4416,53.2194}'; lon := '{4.9041,4.4777,5.1214,4.3007,5.4697,6.5665}';
  WHEN 'US' THEN c := '{New York,Chicago,Seattle,Austin,Boston,Denver}';
    pcs := '{"10001 10003 10011 10016 10023 10128 11201 11215","60601 60605 60614 60622 60647","98101 98103 98109 98115 98122","78701 78704 78745 78751","02108 02115 02118 02134","80202 80205 80211"}';
    lat := '{40.7128,41.8781,47.6062,30.2672,42.3601,39.7392}'; lon := '{-74.0060,-87.6298,-122.3321,-97.7431,-71.0589,-104.9903}';
  ELSE c := '{London,Manchester,Birmingham,Leeds,Bristol,Edinburgh}';   -- GB: outward codes
    pcs := '{"SW1A EC1A W1D N1 SE1 E14 NW3 SW11","M1 M4 M14 M20","B1 B5 B15","LS1 LS6","BS1 BS8","EH1 EH3"}';
    lat := '{51.5074,53.4808,52.4862,53.8008,51.4545,55.9533}'; lon := '{-0.1278,-2.2426,-1.8904,-1.5491,-2.5879,-3.1883}';
  END CASE;
  i := 1 + floor(random() * array_length(c, 1))::int;
  pc := pg_temp.pick(string_to_array(pcs[i], ' '));
  IF cc = 'NL' THEN pc := pc || pg_temp.pick('{" ",""," "}') || pg_temp.rchars('ABCEGHJKLMNPRTVWXZ', 2);
  ELSIF cc = 'GB' THEN pc := pc || ' ' || pg_temp.rint(0, 9) || pg_temp.rchars('ABDEFGHJLNPQRSTUWXYZ', 2);
  ELSIF cc = 'US' AND random() < 0.2 THEN pc := pc || '-' || pg_temp.digits(4);
  END IF;
  RETURN ARRAY[c[i], pc, round((lat[i] + (random() - 0.5) * 0.12)::numeric, 6)::text, round((lon[i] + (random() - 0.5) * 0.16)::numeric, 6)::text];
END $$;

CREATE FUNCTION pg_temp.street(cc text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  CASE cc
  WHEN 'DE' THEN RETURN pg_temp.pick('{Hauptstraße,Bahnhofstraße,Lindenstraße,Goethestraße,Schillerstraße,Gartenweg,Bergstraße,Kirchgasse,Am Markt,Rosenweg,Friedrich-Ebert-Straße,Kastanienallee,Schönhauser Allee,Leopoldstr.,Sonnenstraße}')
      || ' ' || pg_temp.rint(1, 180) || CASE WHEN random() < 0.1 THEN pg_temp.pick('{a,b,c}') ELSE '' END;
  WHEN 'FR' THEN RETURN pg_temp.rint(1, 150) || CASE WHEN random() < 0.08 THEN pg_temp.pick('{" bis"," ter"}') ELSE '' END || ' '
      || pg_temp.pick('{rue de la République,rue Victor Hugo,avenue Jean Jaurès,boulevard Voltaire,place du Marché,rue des Lilas,allée des Tilleuls,chemin des Vignes,rue Nationale,avenue de la Gare,rue Saint-Honoré,quai de la Tournelle,impasse des Roses}');
  WHEN 'ES' THEN RETURN pg_temp.pick('{Calle Mayor,Calle de Alcalá,Avenida de la Constitución,Calle Real,Paseo de Gracia,Gran Vía,Calle San Vicente,Plaza de España,Calle del Sol,Avenida Diagonal,Rambla de Catalunya,Calle de Serrano,C/ Luna}')
      || ', ' || pg_temp.rint(1, 220) || CASE WHEN random() < 0.6 THEN ', ' || pg_temp.rint(1, 9) || 'º ' || pg_temp.pick('{A,B,C,D,Izda.,Dcha.,1ª,2ª}') ELSE '' END;
  WHEN 'IT' THEN RETURN pg_temp.pick('{Via Roma,Via Garibaldi,Corso Vittorio Emanuele II,Via Giuseppe Verdi,Piazza del Popolo,Viale dei Mille,Via Dante Alighieri,Via Mazzini,Via XX Settembre,Corso Buenos Aires,Via Toledo,Via Cavour,Via Nazionale}')
      || pg_temp.pick('{" ",", "}') || pg_temp.rint(1, 200) || CASE WHEN random() < 0.15 THEN pg_temp.pick('{/A,/B,", int. 4",", scala B"}') ELSE '' END;
  WHEN 'NL' THEN RETURN pg_temp.pick('{Keizersgracht,Prinsengracht,Herengracht,Dorpsstraat,Kerkstraat,Molenweg,Stationsweg,Nieuwe Binnenweg,Oudegracht,Laan van Meerdervoort,Schoolstraat,Julianalaan,Beatrixstraat}')
      || ' ' || pg_temp.rint(1, 400) || CASE WHEN random() < 0.2 THEN pg_temp.pick('{-1,-2,A,B,-hs," bis"}') ELSE '' END;
  WHEN 'US' THEN RETURN pg_temp.rint(10, 9999) || ' ' || CASE WHEN random() < 0.2 THEN pg_temp.pick('{N,S,E,W}') || ' ' ELSE '' END
      || pg_temp.pick('{Oak,Maple,Main,Elm,Washington,Lincoln,Park,Lake,Cedar,Pine,Sunset,Highland,Madison,Jefferson,5th,3rd}') || ' '
      || pg_temp.pick('{St,Ave,Blvd,Rd,Dr,Ln,Ct,Way,Street,Avenue}')
      || CASE WHEN random() < 0.25 THEN pg_temp.pick('{" Apt "," Unit ",", Apt ",", Suite "}') || pg_temp.rint(1, 40) || pg_temp.pick('{"",A,B}') ELSE '' END;
  ELSE RETURN CASE WHEN random() < 0.2 THEN 'Flat ' || pg_temp.rint(1, 30) || ', ' ELSE '' END || pg_temp.rint(1, 250) || ' '
      || pg_temp.pick('{High Street,Station Road,Church Lane,Victoria Road,Green Lane,Manor Road,Park Avenue,Queens Road,Kings Road,Mill Lane,The Crescent,Orchard Close}');
  END CASE;
END $$;

CREATE FUNCTION pg_temp.public_ipv4() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT pg_temp.pick('{31,37,46,62,77,79,80,81,82,83,84,85,86,87,88,89,90,91,93,94,95,109,176,178,185,188,193,194,195,212,213,217,24,50,66,67,68,69,71,73,98,99,104,107,108}')
         || '.' || pg_temp.rint(0, 255) || '.' || pg_temp.rint(0, 255) || '.' || pg_temp.rint(1, 254) $$;
CREATE FUNCTION pg_temp.ipv6() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT host(inet (pg_temp.pick('{2a02,2a01,2003,2001,2a00,2600,2607,2804}') || ':' || pg_temp.hex(3) || ':' || pg_temp.hex(4)
         || ':' || pg_temp.hex(2) || '::' || pg_temp.hex(4) || ':' || pg_temp.hex(3))) $$;
CREATE FUNCTION pg_temp.any_ip() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT CASE WHEN random() < 0.75 THEN pg_temp.public_ipv4() WHEN random() < 0.5 THEN pg_temp.ipv6()
              ELSE pg_temp.pick('{10.0,10.20,192.168,172.16}') || '.' || pg_temp.rint(0, 20) || '.' || pg_temp.rint(2, 250) END $$;

-- Hashes and secrets (synthetic; random bodies)
CREATE FUNCTION pg_temp.bcrypt() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT '$' || pg_temp.pick('{2b,2b,2a,2y}') || '$' || pg_temp.pick('{10,11,12,12,13}') || '$'
         || pg_temp.rchars('./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 21) || pg_temp.rchars('.Oeu', 1)
         || pg_temp.rchars('./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 30) || pg_temp.rchars('.CGKOSWaeimquy26', 1) $$;
CREATE FUNCTION pg_temp.argon2id() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT '$argon2id$v=19$' || pg_temp.pick('{"m=65536,t=3,p=4","m=19456,t=2,p=1","m=47104,t=1,p=1"}') || '$'
         || pg_temp.b64nopad(16) || '$' || pg_temp.b64nopad(32) $$;
CREATE FUNCTION pg_temp.pbkdf2() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT 'pbkdf2_sha256$' || pg_temp.pick('{260000,320000,390000,600000,720000}') || '$' || pg_temp.alnum(22) || '$' || pg_temp.b64(32) $$;
CREATE FUNCTION pg_temp.jwt(sub text, iat bigint) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT pg_temp.b64url_text('{"alg":"HS256","typ":"JWT"}') || '.'
         || pg_temp.b64url_text('{"sub":"' || sub || '","iat":' || iat || ',"exp":' || (iat + 2592000) || ',"typ":"refresh","jti":"' || pg_temp.hex(16) || '"}')
         || '.' || pg_temp.b64url(32) $$;

CREATE FUNCTION pg_temp.isbn() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE grp text := pg_temp.pick('{90,94,3,2,0,1,84,88}');
BEGIN
  RETURN pg_temp.gs1_complete('978' || grp || pg_temp.digits(9 - length(grp)));
END $$;
CREATE FUNCTION pg_temp.pnr() RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT pg_temp.rchars('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 6) $$;

------------------------------------------------------------------------------------------------
-- Airline: passengers and bookings
------------------------------------------------------------------------------------------------
CREATE TABLE airline_passengers (
  passenger_id bigint PRIMARY KEY,
  pnr text NOT NULL,
  title text,
  given_name text NOT NULL,
  surname text NOT NULL,
  date_of_birth date,
  nationality char(2),
  passport_expiry date,
  frequent_flyer_no text,
  contact_email text,
  mobile text,
  meal_preference text,
  checked_bags smallint,
  created_at timestamptz NOT NULL
);
COMMENT ON TABLE airline_passengers IS 'APIS passenger records';
COMMENT ON COLUMN airline_passengers.pnr IS 'Passenger name record locator';
COMMENT ON COLUMN airline_passengers.mobile IS 'Contact number for irregular operations (SMS)';
INSERT INTO airline_passengers
WITH a AS MATERIALIZED (
  SELECT g, pg_temp.pick('{US,GB,GB,DE,FR,ES,IT,NL,US}') AS cc, pg_temp.pick('{m,f}') AS sex FROM generate_series(1, 2000) g),
p AS MATERIALIZED (
  SELECT g, cc, sex, pg_temp.first_name(pg_temp.lang_of(cc), sex) AS fn, pg_temp.last_name(pg_temp.lang_of(cc)) AS ln FROM a)
SELECT 7000000 + g, pg_temp.pnr(),
       CASE WHEN sex = 'm' THEN 'MR' ELSE pg_temp.pick('{MRS,MS}') END,
       upper(fn), upper(ln),
       pg_temp.rdate('1941-01-01', '2019-12-31'),
       CASE WHEN random() < 0.9 THEN cc ELSE pg_temp.pick('{CH,AT,BE,IE,PT,CA}') END,
       pg_temp.rdate('2026-02-01', '2035-12-31'),
       CASE WHEN random() < 0.4 THEN pg_temp.pick('{LH,AF,IB,KL,AZ,BA,UA}') || ' ' || pg_temp.digits(3) || ' ' || pg_temp.digits(3) || ' ' || pg_temp.digits(3) END,
       pg_temp.email(fn, ln, pg_temp.lang_of(cc)),
       pg_temp.phone(cc, pg_temp.pick('{e164,e164,intl}')),
       pg_temp.pick('{NONE,NONE,NONE,VGML,AVML,KSML,MOML,GFML,CHML,DBML}'),
       pg_temp.rint(0, 3),
       pg_temp.rts('2023-01-01', '2025-12-31')
FROM p ORDER BY g;

CREATE TABLE flight_bookings (
  booking_id bigint PRIMARY KEY,
  booking_ref text NOT NULL,
  passenger_id bigint NOT NULL,
  ticket_number text,
  flight_no text NOT NULL,
  origin char(3) NOT NULL,
  destination char(3) NOT NULL,
  departure_at timestamptz NOT NULL,
  seat text,
  fare_amount numeric(10,2),
  currency char(3),
  fop_number text,
  card_masked text,
  booker_ip inet,
  booked_at timestamptz NOT NULL
);
COMMENT ON COLUMN flight_bookings.ticket_number IS '13-digit e-ticket number (airline prefix + serial)';
COMMENT ON COLUMN flight_bookings.fop_number IS 'FOP';
COMMENT ON COLUMN flight_bookings.card_masked IS 'card number shown on the itinerary receipt';
INSERT INTO flight_bookings
WITH a AS MATERIALIZED (
  SELECT g, pg_temp.card() AS pan, pg_temp.pick('{FRA,MUC,CDG,ORY,MAD,BCN,FCO,MXP,AMS,LHR,JFK,ORD,SEA,BOS,NCE,LIS}') AS o,
         pg_temp.pick('{FRA,MUC,CDG,ORY,MAD,BCN,FCO,MXP,AMS,LHR,JFK,ORD,SEA,BOS,NCE,LIS}') AS d,
         pg_temp.pick('{LH,AF,IB,KL,AZ,BA,UA,VY,U2,FR}') AS al
  FROM generate_series(1, 3000) g)
SELECT 900000 + g, pg_temp.pnr(), 7000000 + pg_temp.rint(1, 2000),
       CASE al WHEN 'LH' THEN '220' WHEN 'AF' THEN '057' WHEN 'IB' THEN '075' WHEN 'KL' THEN '074' WHEN 'AZ' THEN '055'
               WHEN 'BA' THEN '125' WHEN 'UA' THEN '016' ELSE NULL END || pg_temp.digits(10),
       al || pg_temp.rint(1, 4999), o, CASE WHEN d = o THEN 'ZRH' ELSE d END,
       pg_temp.rts('2024-01-01', '2026-06-30'),
       pg_temp.rint(1, 42) || pg_temp.pick('{A,B,C,D,E,F}'),
       pg_temp.rnum(39, 1890, 2), pg_temp.pick('{EUR,EUR,EUR,GBP,USD}'),
       CASE WHEN random() < 0.92 THEN pan END,
       CASE WHEN random() < 0.92 THEN repeat('*', 4) || ' ' || repeat('*', 4) || ' ' || repeat('*', 4) || ' ' || right(pan, 4) END,
       pg_temp.any_ip()::inet,
       pg_temp.rts('2023-06-01', '2025-12-31')
FROM a ORDER BY g;

------------------------------------------------------------------------------------------------
-- Hotel: reservations (partitioned) and German registration forms
------------------------------------------------------------------------------------------------
CREATE TABLE hotel_reservations (
  reservation_id bigint NOT NULL,
  confirmation_no text NOT NULL,
  hotel_code text NOT NULL,
  room_number int,
  rate_plan_code int,
  guest_name text NOT NULL,
  guest_email text,
  guest_phone text,
  guarantee_card text,
  check_in_date date NOT NULL,
  check_out_date date NOT NULL,
  adults smallint,
  children smallint,
  nightly_rate numeric(8,2),
  special_requests text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (reservation_id, check_in_date)
) PARTITION BY RANGE (check_in_date);
CREATE TABLE hotel_reservations_2024 PARTITION OF hotel_reservations FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE hotel_reservations_2025 PARTITION OF hotel_reservations FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE hotel_reservations_2026 PARTITION OF hotel_reservations FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
COMMENT ON COLUMN hotel_reservations.guarantee_card IS 'guarantee (no-show policy)';
COMMENT ON COLUMN hotel_reservations.rate_plan_code IS 'Rate plan, 5 digits';
INSERT INTO hotel_reservations
WITH a AS MATERIALIZED (
  SELECT g, pg_temp.pick('{DE,FR,ES,IT,NL,GB,US}') AS cc, pg_temp.pick('{m,f}') AS sex,
         pg_temp.rdate('2024-01-01', '2026-12-20') AS ci FROM generate_series(1, 2500) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name(pg_temp.lang_of(cc), sex) AS fn, pg_temp.last_name(pg_temp.lang_of(cc)) AS ln FROM a)
SELECT 5500000 + g, pg_temp.digits(8), pg_temp.pick('{BERMIT,PARLOU,MADSOL,ROMTRE,AMSCEN,LONKEN}'),
       pg_temp.rint(1, 14) * 100 + pg_temp.rint(1, 48), pg_temp.rint(10000, 99999),
       CASE WHEN random() < 0.7 THEN ln || ', ' || fn ELSE fn || ' ' || ln END,
       pg_temp.email(fn, ln, pg_temp.lang_of(cc)),
       pg_temp.phone(cc, pg_temp.pick('{national,e164,intl}')),
       CASE WHEN random() < 0.8 THEN pg_temp.card() END,
       ci, ci + pg_temp.rint(1, 9), pg_temp.rint(1, 3), pg_temp.pick('{0,0,0,1,2}')::smallint,
       pg_temp.rnum(79, 540, 2),
       CASE WHEN g % 1000 = 613 THEN 'Late arrival, please confirm by mail to ' || pg_temp.email(fn, ln, pg_temp.lang_of(cc))
            WHEN random() < 0.55 THEN NULL
            ELSE pg_temp.pick('{"Late check-in after 22:00","Quiet room, high floor please","Allergic to feathers - hypoallergenic pillows","Baby cot required","Anniversary - champagne on arrival","Zimmer mit Balkon wenn möglich","Chambre non-fumeur","Cama supletoria para un niño","Parking space for one car","Early check-in 10:00 if possible","Vegan breakfast"}') END,
       pg_temp.rts('2023-06-01', '2025-12-31')
FROM p ORDER BY g;

CREATE TABLE meldescheine (
  id int PRIMARY KEY,
  vorname text NOT NULL,
  familienname text NOT NULL,
  geburtsdatum date,
  staatsangehoerigkeit text,
  anschrift text,
  plz text,
  wohnort text,
  ausweisnummer text,
  anreise date NOT NULL,
  abreise date,
  zimmer int,
  begleitpersonen smallint,
  unterschrift_vorhanden boolean
);
COMMENT ON TABLE meldescheine IS 'Besondere Meldescheine nach § 30 BMG (Beherbergungsstätten)';
COMMENT ON COLUMN meldescheine.ausweisnummer IS 'Nummer des Personalausweises oder Reisepasses';
COMMENT ON COLUMN meldescheine.zimmer IS 'Zimmernummer';
INSERT INTO meldescheine
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{m,f}') AS sex, pg_temp.rdate('2024-03-01', '2025-11-30') AS an, pg_temp.place('DE') AS pl FROM generate_series(1, 800) g)
SELECT g, pg_temp.first_name('de', sex), pg_temp.last_name('de'), pg_temp.rdate('1938-01-01', '2006-12-31'),
       pg_temp.pick('{deutsch,deutsch,deutsch,deutsch,österreichisch,türkisch,polnisch}'),
       pg_temp.street('DE'), pl[2], pl[1], pg_temp.ausweis(),
       an, an + pg_temp.rint(1, 6), pg_temp.rint(1, 5) * 100 + pg_temp.rint(1, 30), pg_temp.pick('{0,0,1,1,2,3}')::smallint, random() < 0.97
FROM a ORDER BY g;

------------------------------------------------------------------------------------------------
-- Insurance: Dutch car policies, US claims
------------------------------------------------------------------------------------------------
CREATE TABLE polissen (
  polis_id bigint PRIMARY KEY,
  polisnummer text NOT NULL,
  voornaam text,
  achternaam text,
  bsn text,
  geboortedatum date,
  adres text,
  postcode text,
  woonplaats text,
  telefoon text,
  iban text,
  premie_per_maand numeric(8,2),
  ingangsdatum date,
  kenteken text,
  bouwjaar int,
  schadevrije_jaren smallint,
  email_bevestigd boolean
);
COMMENT ON COLUMN polissen.bsn IS 'Burgerservicenummer';
COMMENT ON COLUMN polissen.iban IS 'Rekeningnummer voor automatische incasso';
COMMENT ON COLUMN polissen.bouwjaar IS 'Bouwjaar van het voertuig';
INSERT INTO polissen
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{m,f}') AS sex, pg_temp.place('NL') AS pl FROM generate_series(1, 1200) g)
SELECT 300000 + g, 'NL-AUTO-' || lpad((g * 37 + 10000)::text, 8, '0'),
       pg_temp.first_name('nl', sex), pg_temp.last_name('nl'), pg_temp.bsn(), pg_temp.rdate('1940-01-01', '2007-06-30'),
       pg_temp.street('NL'), pl[2], pl[1], pg_temp.phone('NL', pg_temp.pick('{national,national,e164}')),
       CASE WHEN random() < 0.5 THEN pg_temp.iban('NL') ELSE pg_temp.iban_spaced(pg_temp.iban('NL')) END,
       pg_temp.rnum(18, 145, 2), pg_temp.rdate('2015-01-01', '2025-12-01'),
       CASE WHEN random() < 0.5 THEN pg_temp.rchars('BDFGHJKLNPRSTVXZ', 2) || '-' || pg_temp.digits(3) || '-' || pg_temp.rchars('BDFGHJKLNPRSTVXZ', 1)
            ELSE pg_temp.digits(1) || '-' || pg_temp.rchars('BDFGHJKLNPRSTVXZ', 3) || '-' || pg_temp.digits(2) END,
       pg_temp.rint(1998, 2025), pg_temp.rint(0, 15), random() < 0.85
FROM a ORDER BY g;

CREATE TABLE insurance_claims (
  claim_id bigint PRIMARY KEY,
  claim_number text NOT NULL,
  policy_ref text NOT NULL,
  incident_date date NOT NULL,
  reported_at timestamptz NOT NULL,
  claimant_name text,
  claimant_ssn text,
  adjuster text,
  incident_zip text,
  incident_lat double precision,
  incident_lon double precision,
  amount_claimed numeric(12,2),
  amount_paid numeric(12,2),
  status text,
  phone_calls_count int,
  description text,
  photo_sha256 text,
  fraud_score real
);
COMMENT ON COLUMN insurance_claims.claimant_ssn IS 'Tax identifier of the claimant (for 1099 reporting)';
COMMENT ON COLUMN insurance_claims.adjuster IS 'assigned adjuster';
COMMENT ON COLUMN insurance_claims.incident_zip IS 'ZIP code where the loss occurred';
COMMENT ON COLUMN insurance_claims.phone_calls_count IS 'number of phone calls with the claimant';
INSERT INTO insurance_claims
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{m,f}') AS sex, pg_temp.place('US') AS pl, pg_temp.rdate('2022-01-01', '2025-11-30') AS d FROM generate_series(1, 2500) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name('en', sex) AS fn, pg_temp.last_name('en') AS ln FROM a)
SELECT 40000000 + g, 'CLM-' || extract(year FROM d) || '-' || lpad(g::text, 6, '0'),
       'POL-' || pg_temp.upper_letters(2) || pg_temp.digits(7), d,
       d + pg_temp.rint(0, 20) + make_interval(secs => pg_temp.rint(28800, 64800)),
       fn || ' ' || CASE WHEN random() < 0.2 THEN pg_temp.upper_letters(1) || '. ' ELSE '' END || ln,
       pg_temp.ssn(),
       pg_temp.pick('{"Dana Whitfield","Marcus Greene","Lisa Tran","Robert Okonkwo","Jenna Castillo","Tom Becker","Alicia Moreno","Kevin O''Hara"}'),
       pl[2], pl[3]::double precision, pl[4]::double precision,
       pg_temp.rnum(150, 48000, 2), CASE WHEN random() < 0.6 THEN pg_temp.rnum(0, 30000, 2) END,
       pg_temp.pick('{open,open,in_review,approved,paid,denied,closed}'), pg_temp.rint(0, 14),
       CASE WHEN g % 1000 = 271 THEN 'Claimant asked that all correspondence go to ' || pg_temp.email(fn, ln, 'en') || ' instead of mail.'
            ELSE pg_temp.pick('{"Rear-ended at a stop light, bumper and trunk damage.","Water leak from upstairs unit damaged kitchen ceiling.","Hail damage to roof and gutters.","Laptop stolen from parked vehicle, window broken.","Tree fell on garage during storm.","Slip and fall in the driveway, minor injury.","Kitchen fire, smoke damage in two rooms.","Windshield cracked by debris on I-90.","Basement flooded after heavy rain.","Side mirror clipped in parking lot."}') END,
       pg_temp.hex(64), round(random()::numeric, 3)::real
FROM p ORDER BY g;

------------------------------------------------------------------------------------------------
-- University: French students, grades
------------------------------------------------------------------------------------------------
CREATE TABLE etudiants (
  id int PRIMARY KEY,
  numero_etudiant text NOT NULL,
  nom text NOT NULL,
  prenom text NOT NULL,
  date_naissance date,
  num_secu text,
  courriel text,
  telephone_portable text,
  adresse text,
  code_postal text,
  ville text,
  filiere text,
  annee_inscription int,
  boursier boolean
);
COMMENT ON COLUMN etudiants.num_secu IS 'Numéro de sécurité sociale (NIR) avec clé';
COMMENT ON COLUMN etudiants.courriel IS 'adresse électronique personnelle';
INSERT INTO etudiants
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{m,f}') AS sex, pg_temp.rdate('1996-01-01', '2006-12-31') AS dob, pg_temp.place('FR') AS pl FROM generate_series(1, 2000) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name('fr', sex) AS fn, pg_temp.last_name('fr') AS ln FROM a)
SELECT g, (2015 + g % 11)::text || lpad(pg_temp.rint(1, 9999)::text, 4, '0'),
       CASE WHEN random() < 0.5 THEN upper(ln) ELSE ln END, fn, dob,
       pg_temp.nir(dob, sex, random() < 0.4),
       CASE WHEN random() < 0.3 THEN pg_temp.slug(fn) || '.' || pg_temp.slug(ln) || '@etu.univ-lyon1.fr' ELSE pg_temp.email(fn, ln, 'fr') END,
       pg_temp.phone('FR', pg_temp.pick('{national,national,intl}')),
       pg_temp.street('FR'), pl[2], pl[1],
       pg_temp.pick('{Licence Informatique,Licence Droit,Master Biologie,Licence Économie-Gestion,Master Physique,Licence Lettres modernes,BUT GEA,Master MEEF}'),
       2015 + g % 11, random() < 0.35
FROM p ORDER BY g;

CREATE TABLE course_grades (
  id bigint PRIMARY KEY,
  student_id int NOT NULL,
  course_code text NOT NULL,
  semester text NOT NULL,
  grade numeric(4,2),
  ects smallint,
  exam_date date,
  examiner_id int,
  passed boolean,
  graded_at timestamptz
);
INSERT INTO course_grades
WITH x AS MATERIALIZED (SELECT g, round((random() * 20)::numeric, 2) AS grade FROM generate_series(1, 3000) g)
SELECT g, pg_temp.rint(1, 2000), pg_temp.pick('{INF,MAT,PHY,DRO,ECO,BIO,LET}') || '-' || pg_temp.rint(101, 499),
       pg_temp.rint(2018, 2025) || pg_temp.pick('{S1,S2}'), x.grade, pg_temp.pick('{3,3,5,6,6,9}')::smallint,
       pg_temp.rdate('2018-01-05', '2025-07-10'), pg_temp.rint(9000, 9300), x.grade >= 10,
       pg_temp.rts('2018-01-20', '2025-07-30')
FROM x ORDER BY g;

------------------------------------------------------------------------------------------------
-- Gym (Spanish)
------------------------------------------------------------------------------------------------
CREATE TABLE socios_gimnasio (
  id int PRIMARY KEY,
  numero_socio text NOT NULL,
  nombre text NOT NULL,
  apellidos text NOT NULL,
  dni text,
  fecha_nacimiento date,
  movil text,
  correo text,
  domicilio text,
  cp text,
  iban_domiciliacion text,
  cuota_mensual numeric(6,2),
  fecha_alta date,
  tarjeta_acceso text,
  visitas_mes int,
  peso_kg numeric(5,1),
  altura_cm int
);
COMMENT ON COLUMN socios_gimnasio.tarjeta_acceso IS 'UID de la tarjeta RFID de acceso (MIFARE)';
COMMENT ON COLUMN socios_gimnasio.cp IS 'código postal';
INSERT INTO socios_gimnasio
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{m,f}') AS sex, pg_temp.place('ES') AS pl FROM generate_series(1, 1500) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name('es', sex) AS fn, pg_temp.last_name('es') || ' ' || pg_temp.last_name('es') AS ln FROM a)
SELECT g, 'S' || lpad((g + 1200)::text, 6, '0'), fn, ln, pg_temp.dni(), pg_temp.rdate('1945-01-01', '2007-12-31'),
       pg_temp.phone('ES', pg_temp.pick('{national,national,national,e164,intl}')),
       pg_temp.email(fn, split_part(ln, ' ', 1), 'es'),
       pg_temp.street('ES'), pl[2],
       CASE WHEN random() < 0.7 THEN pg_temp.iban_spaced(pg_temp.iban('ES')) ELSE pg_temp.iban('ES') END,
       pg_temp.pick('{29.90,34.90,39.90,44.90,19.90}')::numeric, pg_temp.rdate('2016-01-01', '2025-11-30'),
       upper(pg_temp.hex(14)), pg_temp.rint(0, 26), pg_temp.rnum(48, 118, 1), pg_temp.rint(150, 200)
FROM p ORDER BY g;

------------------------------------------------------------------------------------------------
-- Car rental (Italian)
------------------------------------------------------------------------------------------------
CREATE TABLE noleggi_auto (
  id int PRIMARY KEY,
  numero_contratto text NOT NULL,
  cliente text NOT NULL,
  codice_fiscale text,
  cellulare text,
  email text,
  carta_credito text,
  targa text,
  telaio text,
  filiale text,
  data_ritiro timestamptz,
  data_riconsegna timestamptz,
  km_ritiro int,
  km_riconsegna int,
  importo numeric(10,2),
  deposito_cauzionale numeric(10,2)
);
COMMENT ON COLUMN noleggi_auto.telaio IS 'numero di telaio (VIN)';
COMMENT ON COLUMN noleggi_auto.carta_credito IS 'carta per la cauzione';
INSERT INTO noleggi_auto
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{m,f}') AS sex, pg_temp.rdate('1950-01-01', '2005-12-31') AS dob,
                               pg_temp.rts('2023-01-01', '2025-12-15') AS rit FROM generate_series(1, 2000) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name('it', sex) AS fn, pg_temp.last_name('it') AS ln, pg_temp.rint(5000, 140000) AS km FROM a)
SELECT g, 'RA' || to_char(rit, 'YY') || '-' || lpad(g::text, 7, '0'),
       CASE WHEN random() < 0.5 THEN fn || ' ' || ln ELSE upper(ln) || ' ' || upper(fn) END,
       pg_temp.codice_fiscale(fn, ln, dob, sex),
       pg_temp.phone('IT', pg_temp.pick('{national,national,intl,e164}')),
       pg_temp.email(fn, ln, 'it'),
       pg_temp.card_fmt(pg_temp.card(), pg_temp.pick('{space,space,compact,dash}')),
       pg_temp.rchars('ABCDEFGHJKLMNPRSTVWXYZ', 2) || ' ' || pg_temp.digits(3) || ' ' || pg_temp.rchars('ABCDEFGHJKLMNPRSTVWXYZ', 2),
       pg_temp.pick('{ZFA,ZAR,WVW,WF0,VF1,VF3,WBA,TMB}') || pg_temp.rchars('ABCDEFGHJKLMNPRSTUVWXYZ0123456789', 6)
         || pg_temp.rchars('LMNPRST', 1) || pg_temp.rchars('ABCDEFGHJKLMNPRSTUVWXYZ0123456789', 1) || pg_temp.digits(6),
       pg_temp.pick('{Roma Fiumicino,Milano Linate,Milano Centrale,Torino Porta Nuova,Napoli Capodichino,Bologna,Firenze Peretola}'),
       rit, rit + make_interval(days => pg_temp.rint(1, 21), secs => pg_temp.rint(-7200, 7200)),
       km, km + pg_temp.rint(40, 3500), pg_temp.rnum(45, 2400, 2), pg_temp.pick('{300,500,800,1000}')::numeric
FROM p ORDER BY g;

------------------------------------------------------------------------------------------------
-- Real estate: listings, German tenants
------------------------------------------------------------------------------------------------
CREATE TABLE property_listings (
  listing_id int PRIMARY KEY,
  listing_ref text NOT NULL,
  title text,
  description text,
  price numeric(12,2),
  currency char(3),
  bedrooms smallint,
  bathrooms smallint,
  floor_area_sqm numeric(7,1),
  year_built int,
  energy_rating char(1),
  district text,
  city text,
  country_code char(2),
  agent_name text,
  agent_phone text,
  listed_at timestamptz
);
INSERT INTO property_listings
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{GB,GB,DE,FR,ES,NL}') AS cc, pg_temp.pick('{m,f}') AS sex FROM generate_series(1, 1200) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.place(cc) AS pl, pg_temp.rint(1, 5) AS beds FROM a)
SELECT g, 'RL-' || cc || '-' || lpad(g::text, 6, '0'),
       beds || '-bed ' || pg_temp.pick('{flat,terraced house,semi-detached house,penthouse,loft,maisonette,bungalow}') || ' in ' || pl[1],
       CASE WHEN g % 1000 = 58 THEN 'Viewings by appointment only. Contact the owner directly: ' || pg_temp.email(pg_temp.first_name('en', sex), pg_temp.last_name('en'), 'en')
            ELSE pg_temp.pick('{"Bright and spacious, recently renovated, close to public transport.","South-facing garden, off-street parking, no onward chain.","Altbau mit hohen Decken und Dielenboden, ruhige Seitenstraße.","Appartement lumineux, proche des commerces et du métro.","Piso exterior con ascensor, reformado en 2019.","Lichte bovenwoning met dakterras, nabij het centrum.","Chain-free, ideal for first-time buyers.","Penthouse with panoramic views and concierge service."}') END,
       CASE WHEN cc = 'GB' THEN pg_temp.rint(180, 2200) * 1000 ELSE pg_temp.rint(150, 1900) * 1000 END,
       CASE cc WHEN 'GB' THEN 'GBP' ELSE 'EUR' END, beds, pg_temp.rint(1, 3), pg_temp.rnum(28, 320, 1),
       pg_temp.rint(1880, 2024), pg_temp.rchars('ABCDEFG', 1),
       pg_temp.pick('{Centre,Old Town,Riverside,North,Harbour,University Quarter,Westend}'), pl[1], cc,
       pg_temp.first_name(pg_temp.lang_of(cc), sex) || ' ' || pg_temp.last_name(pg_temp.lang_of(cc)),
       pg_temp.phone(cc, pg_temp.pick('{national,intl}')),
       pg_temp.rts('2024-01-01', '2025-12-31')
FROM p ORDER BY g;

CREATE TABLE mieter (
  id int PRIMARY KEY,
  anrede text,
  vorname text,
  nachname text NOT NULL,
  geburtsdatum date,
  telefon text,
  e_mail text,
  iban text,
  wohnung_nr text,
  mietbeginn date,
  kaltmiete numeric(8,2),
  nebenkosten numeric(8,2),
  kaution numeric(8,2),
  schufa_score int,
  haustiere boolean
);
COMMENT ON COLUMN mieter.iban IS 'Konto für SEPA-Lastschrift der Miete';
COMMENT ON COLUMN mieter.schufa_score IS 'Bonitätsscore (Prozent)';
INSERT INTO mieter
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{m,f}') AS sex FROM generate_series(1, 900) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name('de', sex) AS fn, pg_temp.last_name('de') AS ln, pg_temp.rnum(380, 1850, 2) AS km FROM a)
SELECT g, CASE sex WHEN 'm' THEN 'Herr' ELSE 'Frau' END, fn, ln, pg_temp.rdate('1939-01-01', '2006-12-31'),
       pg_temp.phone('DE', pg_temp.pick('{national,national,intl}')), pg_temp.email(fn, ln, 'de'),
       CASE WHEN random() < 0.85 THEN pg_temp.iban_spaced(pg_temp.iban('DE')) ELSE pg_temp.iban('AT') END,
       pg_temp.pick('{EG,1.OG,2.OG,3.OG,4.OG,DG}') || ' ' || pg_temp.pick('{links,rechts,Mitte}'),
       pg_temp.rdate('2005-01-01', '2025-12-01'), km, round(km * 0.22, 2), round(km * 3, 2),
       pg_temp.rint(62, 99), random() < 0.3
FROM p ORDER BY g;

------------------------------------------------------------------------------------------------
-- Event ticketing
------------------------------------------------------------------------------------------------
CREATE TABLE concerts (
  id int PRIMARY KEY,
  title text NOT NULL,
  venue text,
  city text,
  country_code char(2),
  starts_at timestamptz,
  capacity int,
  organiser text,
  ticket_price_min numeric(8,2),
  ticket_price_max numeric(8,2)
);
INSERT INTO concerts
SELECT g, pg_temp.pick('{The Midnight Owls,Kraftwerk Tribute,Orchestre de Paris,Los Planetas,Måneskin Covers,Golden Earring Revival,Berliner Philharmoniker,Jazz à Vienne,Primavera Warm-up,Noord Festival}') || ' ' || (2024 + g % 3),
       pg_temp.pick('{Ziggo Dome,Olympia,Palau Sant Jordi,Mediolanum Forum,Mercedes-Benz Arena,O2 Academy Brixton,Paradiso,WiZink Center,Elbphilharmonie}'),
       pg_temp.pick('{Amsterdam,Paris,Barcelona,Milano,Berlin,London,Madrid,Hamburg}'), pg_temp.pick('{NL,FR,ES,IT,DE,GB}'),
       pg_temp.rts('2024-03-01', '2026-10-31'), pg_temp.rint(3, 170) * 100,
       pg_temp.pick('{Live Nation,Eventim,Mojo Concerts,Doctor Music,Barley Arts,FKP Scorpio,AEG Presents}'),
       pg_temp.rint(15, 60), pg_temp.rint(65, 250)
FROM generate_series(1, 200) g;

CREATE TABLE event_tickets (
  ticket_id bigint PRIMARY KEY,
  barcode text NOT NULL,
  concert_id int NOT NULL,
  section text,
  row_label text,
  seat_no int,
  price numeric(8,2),
  currency char(3),
  holder_name text,
  holder_email text,
  buyer_hash text,
  purchase_ip text,
  is_resale boolean,
  scanned_at timestamptz
);
COMMENT ON COLUMN event_tickets.barcode IS '16-digit entry barcode';
COMMENT ON COLUMN event_tickets.buyer_hash IS 'buyer e-mail address (pseudonymised)';
INSERT INTO event_tickets
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{NL,FR,ES,IT,DE,GB,US}') AS cc, pg_temp.pick('{m,f}') AS sex FROM generate_series(1, 3000) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name(pg_temp.lang_of(cc), sex) AS fn, pg_temp.last_name(pg_temp.lang_of(cc)) AS ln FROM a),
q AS MATERIALIZED (SELECT p.*, pg_temp.email(fn, ln, pg_temp.lang_of(cc)) AS em FROM p)
SELECT 88000000 + g, '4' || pg_temp.digits(15), pg_temp.rint(1, 200),
       pg_temp.pick('{FOS,Block A,Block B,Balcony,Parterre,Tribune Nord,Rang 1}'), pg_temp.rchars('ABCDEFGHJKLMNP', 1),
       pg_temp.rint(1, 60), pg_temp.rnum(15, 250, 2), CASE WHEN cc = 'GB' THEN 'GBP' WHEN cc = 'US' THEN 'USD' ELSE 'EUR' END,
       fn || ' ' || ln, CASE WHEN random() < 0.9 THEN em END, pg_temp.sha256hex(lower(em)),
       pg_temp.any_ip(), random() < 0.08, CASE WHEN random() < 0.7 THEN pg_temp.rts('2024-03-01', '2025-12-31') END
FROM q ORDER BY g;

------------------------------------------------------------------------------------------------
-- IoT: firmware, devices, readings (the big table)
------------------------------------------------------------------------------------------------
CREATE TABLE firmware_releases (
  id int PRIMARY KEY,
  version text NOT NULL,
  git_sha text NOT NULL,
  image_md5 text,
  image_sha256 text,
  size_bytes bigint,
  channel text,
  min_hw_rev text,
  released_at timestamptz
);
INSERT INTO firmware_releases
SELECT g, CASE WHEN g % 2 = 0 THEN pg_temp.rint(1, 12) || '.' || pg_temp.rint(0, 9) || '.' || pg_temp.rint(0, 20) || '.' || pg_temp.rint(0, 255)
               ELSE pg_temp.rint(1, 12) || '.' || pg_temp.rint(0, 9) || '.' || pg_temp.rint(0, 20) || '.' || pg_temp.rint(1000, 9999) END,
       pg_temp.hex(40), md5(random()::text), pg_temp.hex(64), pg_temp.rint(800000, 16000000),
       pg_temp.pick('{stable,stable,beta,nightly}'), 'rev' || pg_temp.pick('{A,B,C,D}'), pg_temp.rts('2021-01-01', '2025-12-31')
FROM generate_series(1, 200) g;

CREATE TABLE iot_devices (
  device_id uuid PRIMARY KEY,
  serial_no text NOT NULL,
  mac_address macaddr,
  model text,
  firmware_version text,
  registered_by text,
  installed_lat numeric(9,6),
  installed_lon numeric(9,6),
  last_seen_ip inet,
  api_token text,
  psk text,
  battery_pct smallint,
  config jsonb,
  provisioned_at timestamptz
);
COMMENT ON TABLE iot_devices IS 'Smart thermostats and air-quality sensors installed in customers'' homes';
COMMENT ON COLUMN iot_devices.registered_by IS 'account that paired the device';
COMMENT ON COLUMN iot_devices.psk IS 'device key (hex)';
COMMENT ON COLUMN iot_devices.api_token IS 'ingest credential, rotate on compromise';
INSERT INTO iot_devices
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{DE,NL,FR,GB,IT,ES}') AS cc, pg_temp.pick('{m,f}') AS sex FROM generate_series(1, 1000) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.place(cc) AS pl, pg_temp.first_name(pg_temp.lang_of(cc), sex) AS fn, pg_temp.last_name(pg_temp.lang_of(cc)) AS ln FROM a)
SELECT pg_temp.ruuid(), 'TH' || pg_temp.pick('{20,21,22,23}') || '-' || upper(pg_temp.hex(8)),
       ('3c:71:bf:' || pg_temp.hex(2) || ':' || pg_temp.hex(2) || ':' || pg_temp.hex(2))::macaddr,
       pg_temp.pick('{Thermo One,Thermo One Pro,AirSense 2,AirSense 3,Radiator Valve V2}'),
       CASE WHEN random() < 0.5 THEN pg_temp.rint(1, 12) || '.' || pg_temp.rint(0, 9) || '.' || pg_temp.rint(0, 20) || '.' || pg_temp.rint(0, 255)
            ELSE pg_temp.rint(1, 12) || '.' || pg_temp.rint(0, 9) || '.' || pg_temp.rint(0, 20) || '.' || pg_temp.rint(1000, 9999) END,
       pg_temp.email(fn, ln, pg_temp.lang_of(cc)),
       pl[3]::numeric, pl[4]::numeric, pg_temp.public_ipv4()::inet,
       'iotk_' || pg_temp.alnum(40), pg_temp.hex(64), pg_temp.rint(3, 100),
       jsonb_build_object('interval_s', pg_temp.pick('{30,60,300}')::int, 'unit', pg_temp.pick('{metric,imperial}'), 'led', random() < 0.5,
                          'tz', pg_temp.pick('{Europe/Berlin,Europe/Amsterdam,Europe/Paris,Europe/London,Europe/Rome,Europe/Madrid}'),
                          'setpoint_c', pg_temp.rnum(17, 23, 1)),
       pg_temp.rts('2022-01-01', '2025-12-31')
FROM p ORDER BY g;

CREATE TABLE iot_readings (
  id bigint PRIMARY KEY,
  device_id uuid NOT NULL,
  recorded_at timestamptz NOT NULL,
  temperature_c real,
  humidity_pct real,
  co2_ppm int,
  pressure_hpa numeric(6,1),
  rssi_dbm smallint,
  seq_no int,
  crc32 text
);
COMMENT ON COLUMN iot_readings.crc32 IS 'frame checksum';
INSERT INTO iot_readings
WITH d AS MATERIALIZED (SELECT array_agg(device_id ORDER BY serial_no) AS ids FROM iot_devices)
SELECT g, d.ids[1 + floor(random() * 1000)::int],
       timestamptz '2025-06-01 00:00:00+00' + make_interval(secs => g * 25 + floor(random() * 20)),
       round((17 + random() * 9)::numeric, 2)::real, round((30 + random() * 40)::numeric, 1)::real,
       400 + floor(random() * 1400)::int, round((985 + random() * 50)::numeric, 1),
       (-95 + floor(random() * 60))::smallint, (g % 65536), lpad(to_hex(floor(random() * 4294967295)::bigint), 8, '0')
FROM generate_series(1, 100000) g, d ORDER BY g;

------------------------------------------------------------------------------------------------
-- Library loans (Dutch)
------------------------------------------------------------------------------------------------
CREATE TABLE uitleningen (
  id int PRIMARY KEY,
  lenerspasnummer text NOT NULL,
  lener_naam text,
  contact text,
  isbn text,
  titel text,
  uitleendatum date,
  vervaldatum date,
  ingeleverd_op date,
  verlengingen smallint,
  boete_eur numeric(6,2)
);
COMMENT ON COLUMN uitleningen.lenerspasnummer IS 'barcode op de bibliotheekpas';
COMMENT ON COLUMN uitleningen.contact IS 'voor herinneringen';
INSERT INTO uitleningen
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{m,f}') AS sex, pg_temp.rdate('2023-01-01', '2025-11-30') AS ud FROM generate_series(1, 2500) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name('nl', sex) AS fn, pg_temp.last_name('nl') AS ln FROM a)
SELECT g, pg_temp.luhn_complete('2' || pg_temp.pick('{9030,9031,9052,9077}') || pg_temp.digits(8)),
       CASE WHEN random() < 0.6 AND ln LIKE '% %' THEN regexp_replace(ln, '^.* ', '') || ', ' || fn || ' ' || regexp_replace(ln, ' [^ ]*$', '')
            WHEN random() < 0.6 THEN ln || ', ' || fn
            ELSE fn || ' ' || ln END,
       pg_temp.email(fn, ln, 'nl'),
       pg_temp.isbn(),
       pg_temp.pick('{De avond is ongemak,Het diner,Max Havelaar,Tirza,De ontdekking van de hemel,Sapiens,The Hobbit,Le Petit Prince,Der Vorleser,Cien años de soledad,Il nome della rosa,Kruistocht in spijkerbroek}'),
       ud, ud + 21, CASE WHEN random() < 0.9 THEN ud + pg_temp.rint(3, 40) END, pg_temp.rint(0, 3), CASE WHEN random() < 0.15 THEN pg_temp.rnum(0.5, 12, 2) ELSE 0 END
FROM p ORDER BY g;

------------------------------------------------------------------------------------------------
-- Job board
------------------------------------------------------------------------------------------------
CREATE TABLE job_postings (
  id int PRIMARY KEY,
  reference text NOT NULL,
  title text NOT NULL,
  company text,
  city text,
  country_code char(2),
  salary_min int,
  salary_max int,
  currency char(3),
  remote boolean,
  posted_at timestamptz,
  views_count int,
  applications_count int
);
INSERT INTO job_postings
WITH x AS MATERIALIZED (SELECT g, pg_temp.rint(30, 90) * 1000 AS lo FROM generate_series(1, 300) g)
SELECT g, 'JB-' || (2023 + g % 3) || '-' || lpad(g::text, 5, '0'),
       pg_temp.pick('{Senior Backend Engineer,Data Analyst,Pflegefachkraft (m/w/d),Chef de projet digital,Ingeniero de datos,Sviluppatore Java,Verpleegkundige,Account Manager,DevOps Engineer,UX Designer}'),
       pg_temp.pick('{Zalando SE,Adyen N.V.,BlaBlaCar,Glovo,Satispay,Booking.com,Siemens Healthineers,Deliveroo,Cabify,Doctolib,Bending Spoons}'),
       pg_temp.pick('{Berlin,Amsterdam,Paris,Barcelona,Milano,London,München,Madrid}'), pg_temp.pick('{DE,NL,FR,ES,IT,GB}'),
       x.lo, x.lo + pg_temp.rint(5, 30) * 1000, pg_temp.pick('{EUR,EUR,EUR,GBP}'), random() < 0.4,
       pg_temp.rts('2023-01-01', '2025-12-31'), pg_temp.rint(50, 25000), pg_temp.rint(0, 600)
FROM x ORDER BY g;

CREATE TABLE job_applications (
  id int PRIMARY KEY,
  job_posting_id int NOT NULL,
  applicant_full_name text NOT NULL,
  email text,
  phone_number text,
  ni_number text,
  linkedin_url text,
  cv_filename text,
  cv_md5 text,
  salary_expectation int,
  notice_period_days int,
  data jsonb,
  stage text,
  applied_at timestamptz
);
COMMENT ON COLUMN job_applications.ni_number IS 'UK National Insurance number (right-to-work check)';
COMMENT ON COLUMN job_applications.data IS 'additional questionnaire answers';
INSERT INTO job_applications
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{GB,GB,GB,DE,NL,FR,ES,IT}') AS cc, pg_temp.pick('{m,f}') AS sex FROM generate_series(1, 1500) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name(pg_temp.lang_of(cc), sex) AS fn, pg_temp.last_name(pg_temp.lang_of(cc)) AS ln,
                          pg_temp.rdate('1962-01-01', '2004-12-31') AS dob FROM a)
SELECT g, pg_temp.rint(1, 300), fn || ' ' || ln, pg_temp.email(fn, ln, pg_temp.lang_of(cc)),
       pg_temp.phone(cc, pg_temp.pick('{e164,intl,national}')), pg_temp.nino(random() < 0.3),
       CASE WHEN random() < 0.6 THEN 'https://www.linkedin.com/in/' || pg_temp.slug(fn) || '-' || pg_temp.slug(ln) || '-' || pg_temp.hex(6) END,
       pg_temp.pick('{CV.pdf,cv_2025.pdf,Lebenslauf.pdf,resume_final.docx,CV_EN.pdf,curriculum.pdf}'),
       md5(random()::text), pg_temp.rint(28, 120) * 1000, pg_temp.pick('{0,14,30,30,60,90}')::int,
       jsonb_build_object(pg_temp.pick('{dob,dob,dob,date_of_birth,birthDate}'), to_char(dob, 'YYYY-MM-DD'),
                          'work_permit', random() < 0.8, 'languages', to_jsonb(string_to_array(pg_temp.pick('{"en","en,de","en,fr","en,es,it","nl,en"}'), ',')),
                          'source', pg_temp.pick('{linkedin,indeed,referral,website,stepstone}')),
       pg_temp.pick('{applied,screening,interview,offer,hired,rejected,rejected}'), pg_temp.rts('2023-01-15', '2025-12-31')
FROM p ORDER BY g;

------------------------------------------------------------------------------------------------
-- Charity (French): donors and donations
------------------------------------------------------------------------------------------------
CREATE TABLE donateurs (
  id int PRIMARY KEY,
  civilite text,
  nom_complet text NOT NULL,
  email text,
  tel text,
  adresse_postale text,
  code_postal text,
  pays char(2),
  iban_prelevement text,
  rum text,
  ics text,
  premier_don date,
  dernier_don date,
  montant_total numeric(10,2),
  recu_fiscal boolean
);
COMMENT ON COLUMN donateurs.rum IS 'Référence unique du mandat SEPA (IBAN mandate reference)';
COMMENT ON COLUMN donateurs.ics IS 'Identifiant créancier SEPA de l''association';
INSERT INTO donateurs
WITH a AS MATERIALIZED (SELECT g, CASE WHEN random() < 0.85 THEN 'FR' ELSE 'BE' END AS cc, pg_temp.pick('{m,f}') AS sex,
                               pg_temp.rdate('2012-01-01', '2024-12-31') AS pd FROM generate_series(1, 1200) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name('fr', sex) AS fn, pg_temp.last_name('fr') AS ln, pg_temp.place('FR') AS pl FROM a)
SELECT g, CASE sex WHEN 'm' THEN 'M.' ELSE 'Mme' END, fn || ' ' || upper(ln), pg_temp.email(fn, ln, 'fr'),
       CASE WHEN cc = 'FR' THEN pg_temp.phone('FR', pg_temp.pick('{national,national,intl}'))
            ELSE '+32 4' || pg_temp.rint(7, 9) || pg_temp.digits(1) || ' ' || pg_temp.digits(2) || ' ' || pg_temp.digits(2) || ' ' || pg_temp.digits(2) END,
       CASE WHEN cc = 'FR' THEN pg_temp.street('FR') ELSE pg_temp.pick('{Rue Neuve,Avenue Louise,Rue de la Loi,Chaussée de Wavre}') || ' ' || pg_temp.rint(1, 200) END,
       CASE WHEN cc = 'FR' THEN pl[2] ELSE pg_temp.pick('{1000,1050,1060,4000,5000,1348}') END, cc,
       pg_temp.iban_spaced(pg_temp.iban(cc)),
       'RUM' || to_char(pd, 'YYYYMMDD') || lpad(g::text, 6, '0'),
       'FR' || pg_temp.mod97_check(x.nat || 'FR00') || 'ZZZ' || x.nat,
       pd, pd + pg_temp.rint(0, 500), pg_temp.rnum(10, 5000, 2), random() < 0.8
FROM p, LATERAL (SELECT '4' || (51820 + p.g % 3 * 1111) AS nat) x ORDER BY g;   -- 3 creditor ids; check digits skip 'ZZZ'

CREATE TABLE donations (
  id bigint PRIMARY KEY,
  donor_id int NOT NULL,
  amount numeric(10,2) NOT NULL,
  currency char(3),
  donated_at timestamptz,
  campaign_code text,
  payment_method text,
  card_last4 char(4),
  masked_pan text,
  psp_reference text,
  receipt_number text,
  anonymous boolean
);
COMMENT ON COLUMN donations.masked_pan IS 'Card number (PCI: masked)';
INSERT INTO donations
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{card,card,sepa,paypal}') AS pm, pg_temp.digits(4) AS l4 FROM generate_series(1, 3000) g)
SELECT g, pg_temp.rint(1, 1200), pg_temp.pick('{10,15,20,25,30,50,50,100,150,250}')::numeric, 'EUR',
       pg_temp.rts('2012-01-01', '2025-12-31'), pg_temp.pick('{NOEL2024,URGENCE-SAHEL,PRINTEMPS25,LEGS,MENSUEL}'), pm,
       CASE WHEN pm = 'card' THEN l4 END,
       CASE WHEN pm = 'card' THEN pg_temp.pick(ARRAY['**** **** **** ' || l4, 'XXXX-XXXX-XXXX-' || l4, '4' || pg_temp.digits(5) || '******' || l4]) END,
       pg_temp.pick('{8,9}') || pg_temp.digits(15), 'RF-' || lpad(g::text, 7, '0'), random() < 0.05
FROM a ORDER BY g;

------------------------------------------------------------------------------------------------
-- Dating app
------------------------------------------------------------------------------------------------
CREATE TABLE dating_profiles (
  id int PRIMARY KEY,
  username text NOT NULL,
  display_name text,
  birthdate date,
  gender text,
  seeking text,
  bio text,
  height_cm smallint,
  last_lat double precision,
  last_lng double precision,
  phone_hash text,
  email_confirmed boolean,
  photo_count smallint,
  password text,
  info jsonb,
  last_login_ip inet,
  premium_until date,
  created_at timestamptz
);
COMMENT ON COLUMN dating_profiles.password IS 'argon2id';
COMMENT ON COLUMN dating_profiles.info IS 'profile extras (public)';
COMMENT ON COLUMN dating_profiles.phone_hash IS 'sha256 of the E.164 phone number, for contact matching';
INSERT INTO dating_profiles
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{IT,IT,ES,ES,GB,US,FR,NL}') AS cc, pg_temp.pick('{m,f}') AS sex FROM generate_series(1, 2000) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name(pg_temp.lang_of(cc), sex) AS fn, pg_temp.place(cc) AS pl, pg_temp.phone(cc, 'e164') AS ph FROM a)
SELECT g, lower(pg_temp.slug(fn)) || pg_temp.pick('{_,.,"",_x}') || pg_temp.rint(1, 999),
       fn, pg_temp.rdate('1968-01-01', '2007-06-30'), CASE sex WHEN 'm' THEN 'man' ELSE 'woman' END,
       pg_temp.pick('{women,men,everyone}'),
       CASE WHEN g % 1000 = 333 THEN 'Not on here much, write me at ' || pg_temp.email(fn, pg_temp.last_name(pg_temp.lang_of(cc)), pg_temp.lang_of(cc))
            ELSE pg_temp.pick('{"Coffee snob, hiking on weekends.","Amo viaggiare e la buona cucina.","Me encanta el cine y la playa.","Dog person. Terrible at karaoke.","Looking for someone to share brunch with.","Fotograaf, fietser, altijd onderweg.","Passionnée de théâtre et de randonnée.",""}') END,
       pg_temp.rint(150, 200), pl[3]::double precision, pl[4]::double precision, pg_temp.sha256hex(ph), random() < 0.9,
       pg_temp.rint(0, 9), pg_temp.argon2id(),
       CASE WHEN random() < 0.75 THEN jsonb_build_object('phone', CASE WHEN random() < 0.5 THEN ph ELSE pg_temp.phone(cc, 'national') END,
                                                         'zodiac', pg_temp.pick('{aries,leo,virgo,libra,scorpio,pisces}'), 'smoker', random() < 0.2,
                                                         'languages', pg_temp.rint(1, 4))
            ELSE jsonb_build_object('zodiac', pg_temp.pick('{aries,leo,virgo,libra,scorpio,pisces}'), 'smoker', random() < 0.2) END,
       pg_temp.any_ip()::inet, CASE WHEN random() < 0.2 THEN pg_temp.rdate('2025-06-01', '2026-12-31') END,
       pg_temp.rts('2021-01-01', '2025-12-31')
FROM p ORDER BY g;

CREATE TABLE dating_messages (
  id bigint PRIMARY KEY,
  match_id bigint NOT NULL,
  sender_id int NOT NULL,
  sent_at timestamptz NOT NULL,
  body text,
  read_at timestamptz,
  reported boolean
);
INSERT INTO dating_messages
WITH a AS MATERIALIZED (SELECT g, pg_temp.rts('2024-01-01', '2025-12-31') AS t FROM generate_series(1, 3000) g)
SELECT g, pg_temp.rint(1, 900), pg_temp.rint(1, 2000), t,
       CASE WHEN g % 1000 = 404 THEN 'my mail is ' || pg_temp.email(pg_temp.first_name('it', 'f'), pg_temp.last_name('it'), 'it') || ' :)'
            ELSE pg_temp.pick('{"Hi! How is your week going?","Haha same here","Ciao! Come stai?","¿Te apetece un café el sábado?","Love your photos from Lisbon","Ok see you at 8","Dank je! Jij ook","Which part of town are you in?","Sounds fun 😊","Buona notte!"}') END,
       CASE WHEN random() < 0.8 THEN t + make_interval(secs => pg_temp.rint(5, 86400)) END, random() < 0.01
FROM a ORDER BY g;

CREATE TABLE waitlist (
  id int PRIMARY KEY,
  email_address text NOT NULL,
  mobile_number text,
  referral_code text,
  signed_up_at timestamptz
);
COMMENT ON TABLE waitlist IS 'Pre-launch waitlist (city launches); empty until the next launch';

------------------------------------------------------------------------------------------------
-- Ride sharing (Spanish drivers; trips with GPS)
------------------------------------------------------------------------------------------------
CREATE TABLE conductores (
  id int PRIMARY KEY,
  nombre_completo text NOT NULL,
  telefono text,
  dni_nie text,
  c1 text,
  licencia_vtc text,
  matricula text,
  vin text,
  fecha_alta date,
  valoracion numeric(3,2),
  viajes_totales int
);
COMMENT ON COLUMN conductores.c1 IS 'campo legado 1 (migración 2019)';
COMMENT ON COLUMN conductores.dni_nie IS 'documento de identidad';
INSERT INTO conductores
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{m,m,f}') AS sex FROM generate_series(1, 600) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name('es', sex) AS fn, pg_temp.last_name('es') AS l1, pg_temp.last_name('es') AS l2 FROM a)
SELECT g, fn || ' ' || l1 || ' ' || l2, pg_temp.phone('ES', pg_temp.pick('{e164,intl,national}')), pg_temp.dni(),
       pg_temp.email(fn, l1, 'es'),
       'VTC-' || pg_temp.pick('{28,08,46,41}') || '-' || lpad(pg_temp.rint(1, 99999)::text, 6, '0'),
       pg_temp.digits(4) || ' ' || pg_temp.rchars('BCDFGHJKLMNPRSTVWXYZ', 3),
       pg_temp.pick('{VSS,WVW,VF1,JTD,TMB,KMH}') || pg_temp.rchars('ABCDEFGHJKLMNPRSTUVWXYZ0123456789', 6) || pg_temp.rchars('KLMNPRS', 1) || pg_temp.rchars('ABCDEFGHJKLMNPRSTUVWXYZ', 1) || pg_temp.digits(6),
       pg_temp.rdate('2018-01-01', '2025-11-30'), pg_temp.rnum(3.8, 5, 2), pg_temp.rint(10, 12000)
FROM p ORDER BY g;

CREATE TABLE ride_trips (
  trip_id uuid PRIMARY KEY,
  rider_id int NOT NULL,
  driver_id int NOT NULL,
  requested_at timestamptz NOT NULL,
  pickup_lat double precision,
  pickup_lng double precision,
  dropoff_lat double precision,
  dropoff_lng double precision,
  gps_trace text,
  distance_km numeric(6,2),
  duration_s int,
  fare numeric(8,2),
  surge_multiplier numeric(3,2),
  heading_deg real,
  rating smallint
);
COMMENT ON COLUMN ride_trips.gps_trace IS 'sampled route, lat,lng pairs separated by ;';
INSERT INTO ride_trips
WITH a AS MATERIALIZED (SELECT g, pg_temp.place('ES') AS pl, pg_temp.place('ES') AS pl2 FROM generate_series(1, 3000) g),
b AS MATERIALIZED (SELECT a.*, pl[3]::float8 AS la, pl[4]::float8 AS lo, (pl[3]::float8 + (random() - 0.5) * 0.1) AS la2, (pl[4]::float8 + (random() - 0.5) * 0.1) AS lo2 FROM a)
SELECT pg_temp.ruuid(), pg_temp.rint(1, 2000), pg_temp.rint(1, 600), pg_temp.rts('2024-01-01', '2025-12-31'),
       round(la::numeric, 6), round(lo::numeric, 6), round(la2::numeric, 6), round(lo2::numeric, 6),
       (SELECT string_agg(round((la + (la2 - la) * k / 6.0 + (random() - 0.5) * 0.002)::numeric, 5) || ',' || round((lo + (lo2 - lo) * k / 6.0 + (random() - 0.5) * 0.002)::numeric, 5), ';' ORDER BY k)
        FROM generate_series(0, 6) k),
       round((sqrt((la2 - la) ^ 2 + (lo2 - lo) ^ 2) * 111 * 1.3)::numeric + 0.4, 2),
       pg_temp.rint(240, 3600), pg_temp.rnum(4.5, 48, 2), pg_temp.pick('{1.00,1.00,1.00,1.20,1.50,2.00}')::numeric,
       round((random() * 360)::numeric, 1)::real, CASE WHEN random() < 0.7 THEN pg_temp.rint(3, 5) END
FROM b ORDER BY g;

------------------------------------------------------------------------------------------------
-- Pharmacy (German prescriptions) and veterinary clinic
------------------------------------------------------------------------------------------------
CREATE TABLE rezepte (
  id int PRIMARY KEY,
  rezept_nr text NOT NULL,
  patient_name text,
  geburtsdatum date,
  kassen_ik text,
  pzn text,
  wirkstoff text,
  menge smallint,
  arzt_lanr text,
  ausgestellt_am date,
  zuzahlung_eur numeric(6,2),
  abgegeben boolean
);
COMMENT ON COLUMN rezepte.pzn IS 'Pharmazentralnummer';
COMMENT ON COLUMN rezepte.kassen_ik IS 'Institutionskennzeichen der Krankenkasse';
COMMENT ON COLUMN rezepte.arzt_lanr IS 'lebenslange Arztnummer des verordnenden Arztes';
INSERT INTO rezepte
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{m,f}') AS sex FROM generate_series(1, 2500) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name('de', sex) AS fn, pg_temp.last_name('de') AS ln,
                          pg_temp.rint(1, 9) || pg_temp.digits(6) AS pz7 FROM a)
SELECT g, 'E' || pg_temp.digits(10), CASE WHEN random() < 0.5 THEN ln || ', ' || fn ELSE fn || ' ' || ln END,
       pg_temp.rdate('1930-01-01', '2007-12-31'),
       pg_temp.pick('{101575519,108310400,109519005,104940005,102114819,103501080}'),
       CASE WHEN c.k = 10 THEN NULL ELSE pz7 || c.k END,
       pg_temp.pick('{Ibuprofen 600 mg,Metformin 1000 mg,Ramipril 5 mg,Pantoprazol 40 mg,L-Thyroxin 50 µg,Amoxicillin 1000 mg,Simvastatin 20 mg,Metoprolol 47,5 mg}'),
       pg_temp.pick('{20,30,50,100}')::smallint, pg_temp.digits(6) || '5' || pg_temp.pick('{01,02,03,08,23,38}'),
       pg_temp.rdate('2024-01-01', '2025-12-15'), pg_temp.pick('{0,5,5,5,6.50,7.25,10}')::numeric, random() < 0.93
FROM p, LATERAL (SELECT sum(substr(p.pz7, i, 1)::int * i) % 11 AS k FROM generate_series(1, 7) i) c ORDER BY g;

CREATE TABLE vet_patients (
  id int PRIMARY KEY,
  pet_name text NOT NULL,
  species text,
  breed text,
  microchip text,
  birth_date date,
  weight_kg numeric(5,2),
  owner_name text,
  owner_phone text,
  owner_email text,
  notes text,
  last_visit date,
  vaccinated boolean
);
COMMENT ON COLUMN vet_patients.birth_date IS 'date of birth';
COMMENT ON COLUMN vet_patients.pet_name IS 'name';
INSERT INTO vet_patients
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{IT,IT,GB,NL,DE}') AS cc, pg_temp.pick('{m,f}') AS sex, pg_temp.pick('{dog,dog,cat,cat,rabbit,ferret}') AS sp FROM generate_series(1, 1000) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name(pg_temp.lang_of(cc), sex) AS fn, pg_temp.last_name(pg_temp.lang_of(cc)) AS ln FROM a)
SELECT g, pg_temp.pick('{Luna,Max,Bella,Charlie,Milo,Nala,Rocky,Coco,Kira,Simba,Lola,Oscar,Bruno,Emma,Leo,Sam,Molly,Teddy,Pepe,Olivia,Giorgio}'), sp,
       CASE sp WHEN 'dog' THEN pg_temp.pick('{Labrador Retriever,Border Collie,Bassotto,Jack Russell,Golden Retriever,Meticcio,Französische Bulldogge}')
               WHEN 'cat' THEN pg_temp.pick('{European Shorthair,Maine Coon,British Shorthair,Siamese,Ragdoll}') ELSE NULL END,
       CASE cc WHEN 'IT' THEN '380' WHEN 'GB' THEN '826' WHEN 'NL' THEN '528' ELSE '276' END || pg_temp.digits(12),
       pg_temp.rdate('2008-01-01', '2025-09-30'), pg_temp.rnum(0.8, 42, 2),
       fn || ' ' || ln, pg_temp.phone(cc, pg_temp.pick('{national,national,e164}')), pg_temp.email(fn, ln, pg_temp.lang_of(cc)),
       pg_temp.pick('{"Annual booster due","Allergic to chicken protein","Nervous at the vet, muzzle","Sterilizzata 2022","Dental cleaning recommended","Gewicht beobachten","",""}'),
       pg_temp.rdate('2023-01-01', '2025-12-15'), random() < 0.8
FROM p ORDER BY g;

------------------------------------------------------------------------------------------------
-- Municipal parking fines (Amsterdam)
------------------------------------------------------------------------------------------------
CREATE TABLE parking_fines (
  id bigint PRIMARY KEY,
  fine_number text NOT NULL,
  kenteken text NOT NULL,
  street text,
  location_lat numeric(9,6),
  location_lon numeric(9,6),
  issued_at timestamptz NOT NULL,
  amount_eur numeric(7,2),
  officer_badge int,
  camera_id text,
  extra text,
  paid boolean,
  paid_at timestamptz
);
COMMENT ON COLUMN parking_fines.extra IS 'free-form extra info, no personal data';
COMMENT ON COLUMN parking_fines.officer_badge IS 'handhaver badge';
INSERT INTO parking_fines
WITH a AS MATERIALIZED (SELECT g, pg_temp.rts('2023-01-01', '2025-12-15') AS t, random() < 0.7 AS p FROM generate_series(1, 3000) g)
SELECT g, 'NHA' || to_char(t, 'YYYY') || lpad(g::text, 8, '0'),
       CASE WHEN random() < 0.5 THEN pg_temp.rchars('BDFGHJKLNPRSTVXZ', 2) || '-' || pg_temp.digits(3) || '-' || pg_temp.rchars('BDFGHJKLNPRSTVXZ', 1)
            ELSE pg_temp.rchars('GHJKLNPRSTVXZ', 1) || '-' || pg_temp.digits(3) || '-' || pg_temp.rchars('BDFGHJKLNPRSTVXZ', 2) END,
       pg_temp.pick('{Prinsengracht,Keizersgracht,Herengracht,Ferdinand Bolstraat,Overtoom,Javastraat,Van Baerlestraat,Rozengracht}'),
       round((52.3676 + (random() - 0.5) * 0.06)::numeric, 6), round((4.9041 + (random() - 0.5) * 0.09)::numeric, 6),
       t, pg_temp.pick('{74.90,74.90,74.90,109.00,140.00}')::numeric, pg_temp.rint(10000, 99999),
       CASE WHEN random() < 0.5 THEN 'SCAN-' || pg_temp.rint(1, 40) END,
       CASE WHEN random() < 0.8 THEN pg_temp.bsn() END,
       p, CASE WHEN p THEN t + make_interval(days => pg_temp.rint(1, 40)) END
FROM a ORDER BY g;

------------------------------------------------------------------------------------------------
-- E-learning: users and enrolments
------------------------------------------------------------------------------------------------
CREATE TABLE elearning_users (
  id int PRIMARY KEY,
  login text NOT NULL,
  email text,
  pwd text,
  full_name text,
  country char(2),
  locale text,
  signup_ip text,
  api_key text,
  mfa_secret text,
  refresh_token text,
  ref_contact text,
  email_confirmed boolean,
  marketing_opt_in boolean,
  courses_completed int,
  last_login_at timestamptz
);
COMMENT ON COLUMN elearning_users.ref_contact IS 'emergency / reference contact';
COMMENT ON COLUMN elearning_users.mfa_secret IS 'TOTP seed (base32)';
INSERT INTO elearning_users
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{GB,US,DE,FR,ES,IT,NL}') AS cc, pg_temp.pick('{m,f}') AS sex FROM generate_series(1, 2000) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name(pg_temp.lang_of(cc), sex) AS fn, pg_temp.last_name(pg_temp.lang_of(cc)) AS ln FROM a)
SELECT g, pg_temp.slug(fn) || pg_temp.pick('{_,.,""}') || left(pg_temp.slug(ln), 4) || pg_temp.rint(1, 99),
       pg_temp.email(fn, ln, CASE WHEN random() < 0.2 THEN 'work' ELSE pg_temp.lang_of(cc) END),
       pg_temp.bcrypt(), fn || ' ' || ln, cc,
       pg_temp.lang_of(cc) || '_' || cc, CASE WHEN random() < 0.8 THEN pg_temp.public_ipv4() ELSE pg_temp.ipv6() END,
       CASE WHEN random() < 0.3 THEN 'elp_' || pg_temp.pick('{live,test}') || '_' || pg_temp.alnum(32) END,
       CASE WHEN random() < 0.4 THEN pg_temp.rchars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 32) END,
       pg_temp.jwt(g::text, 1700000000 + pg_temp.rint(0, 60000000)),
       pg_temp.phone(pg_temp.pick(ARRAY[cc, cc, 'GB', 'DE']), pg_temp.pick('{e164,national,intl}')),
       random() < 0.88, random() < 0.3, pg_temp.rint(0, 40), pg_temp.rts('2025-01-01', '2025-12-31')
FROM p ORDER BY g;

CREATE TABLE enrolments (
  id bigint PRIMARY KEY,
  user_id int NOT NULL,
  course_id int NOT NULL,
  enrolled_at timestamptz NOT NULL,
  progress_pct numeric(5,2),
  certificate_id uuid,
  certificate_sha256 text,
  completed boolean,
  score numeric(5,2),
  last_position_s int,
  app_version text
);
INSERT INTO enrolments
WITH a AS MATERIALIZED (SELECT g, round((random() * 100)::numeric, 2) AS pr FROM generate_series(1, 3000) g)
SELECT g, pg_temp.rint(1, 2000), pg_temp.rint(100, 460), pg_temp.rts('2022-01-01', '2025-12-31'), pr,
       CASE WHEN pr = 100 OR pr > 95 THEN pg_temp.ruuid() END, CASE WHEN pr > 95 THEN pg_temp.hex(64) END,
       pr > 95, CASE WHEN pr > 50 THEN pg_temp.rnum(40, 100, 2) END, pg_temp.rint(0, 5400),
       pg_temp.rint(3, 7) || '.' || pg_temp.rint(0, 30) || '.' || pg_temp.rint(0, 12)
FROM a ORDER BY g;

------------------------------------------------------------------------------------------------
-- Marketplace: sellers and orders
------------------------------------------------------------------------------------------------
CREATE TABLE marketplace_sellers (
  id int PRIMARY KEY,
  shop_name text NOT NULL,
  contact_person text,
  contact text,
  vat_id text,
  payout_iban text,
  password_digest text,
  webhook_secret text,
  payload jsonb,
  rating numeric(3,2),
  joined_at timestamptz
);
COMMENT ON COLUMN marketplace_sellers.payload IS 'onboarding document';
COMMENT ON COLUMN marketplace_sellers.vat_id IS 'VAT identification number of the business';
INSERT INTO marketplace_sellers
WITH a AS MATERIALIZED (SELECT g, pg_temp.pick('{DE,DE,IT,IT,NL,ES,FR,BE,AT}') AS cc, pg_temp.pick('{m,f}') AS sex FROM generate_series(1, 800) g),
p AS MATERIALIZED (SELECT a.*, pg_temp.first_name(pg_temp.lang_of(cc), sex) AS fn, pg_temp.last_name(pg_temp.lang_of(cc)) AS ln,
                          pg_temp.place(CASE WHEN cc IN ('BE', 'AT') THEN 'DE' ELSE cc END) AS pl FROM a)
SELECT g, pg_temp.pick('{Vintage,Urban,Bio,Casa,Studio,Atelier,Handmade,Nord,Sol}') || ' ' || pg_temp.pick('{Kontor,Bottega,Winkel,Tienda,Boutique,Goods,Store,Manufaktur}')
          || ' ' || pg_temp.pick('{GmbH,S.r.l.,B.V.,S.L.,SARL,UG,"e.K.",""}'),
       fn || ' ' || ln, pg_temp.email(fn, ln, pg_temp.lang_of(cc)),
       cc || CASE cc WHEN 'DE' THEN pg_temp.digits(9) WHEN 'IT' THEN pg_temp.digits(11) WHEN 'NL' THEN pg_temp.digits(9) || 'B0' || pg_temp.rint(1, 9)
                     WHEN 'ES' THEN 'B' || pg_temp.digits(8) WHEN 'FR' THEN pg_temp.digits(11) WHEN 'BE' THEN '0' || pg_temp.digits(9) ELSE 'U' || pg_temp.digits(8) END,
       pg_temp.iban(cc), pg_temp.pbkdf2(), 'whk_' || pg_temp.b64url(32),
       jsonb_build_object('plan', pg_temp.pick('{basic,pro,pro,enterprise}'), 'kyc_status', pg_temp.pick('{verified,verified,pending}'),
                          'owner', jsonb_build_object('role', 'founder', 'address', jsonb_build_object('street', pg_temp.street(CASE WHEN cc IN ('BE', 'AT') THEN 'DE' ELSE cc END), 'city', pl[1]))),
       pg_temp.rnum(3, 5, 2), pg_temp.rts('2019-01-01', '2025-12-31')
FROM p ORDER BY g;

CREATE TABLE marketplace_orders (
  id bigint PRIMARY KEY,
  order_id text NOT NULL,
  seller_id int NOT NULL,
  buyer_id int NOT NULL,
  sku text,
  ean text,
  qty int,
  unit_price numeric(10,2),
  shipped_at timestamptz,
  tracking_no text
);
COMMENT ON COLUMN marketplace_orders.order_id IS 'public order number';
INSERT INTO marketplace_orders
SELECT g, '5' || pg_temp.rint(1, 5) || pg_temp.digits(14), pg_temp.rint(1, 800), pg_temp.rint(1, 50000),
       'SKU-' || pg_temp.upper_letters(2) || '-' || pg_temp.digits(5),
       pg_temp.gs1_complete(pg_temp.pick('{400,401,409,430,300,350,840,800,803,870,871}') || pg_temp.digits(9)),
       pg_temp.rint(1, 6), pg_temp.rnum(2.5, 480, 2), CASE WHEN random() < 0.85 THEN pg_temp.rts('2024-01-01', '2025-12-31') END,
       pg_temp.pick(ARRAY['JJD' || pg_temp.digits(18), '00340434' || pg_temp.digits(12), '3S' || pg_temp.upper_letters(4) || pg_temp.digits(7), '1Z' || upper(pg_temp.hex(16))])
FROM generate_series(1, 3000) g;

RESET search_path;
ANALYZE;
