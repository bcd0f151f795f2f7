-- Labelled benchmark data set of data classification (issue 4): schema classify_bench.
-- Plain SQL for psql on core PostgreSQL 15, no extension, no external file. Deterministic: one
-- setseed() and then only random() and generate_series(); helper generators live in pg_temp and
-- disappear with the session. The labels of every column are in labels.csv next to this file.
-- Load: psql -v ON_ERROR_STOP=1 -q -f test/bench/classify/dataset.sql
\set ON_ERROR_STOP 1
SELECT setseed(0.42);
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;   -- one process draws every random number, in order
SET synchronous_commit = off;
DROP SCHEMA IF EXISTS classify_bench CASCADE;
CREATE SCHEMA classify_bench;
COMMENT ON SCHEMA classify_bench IS 'Labelled benchmark of steward.classify_data(); see test/bench/classify/README.md';

------------------------------------------------------------------------------------------------
-- Generators (pg_temp: gone at the end of the session)
------------------------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.pick(a text[]) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT a[1 + floor(random() * array_length(a, 1))::int] $$;
CREATE FUNCTION pg_temp.rint(lo int, hi int) RETURNS int LANGUAGE sql VOLATILE
  AS $$ SELECT lo + floor(random() * (hi - lo + 1))::int $$;
CREATE FUNCTION pg_temp.rchars(alphabet text, n int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT string_agg(substr(alphabet, 1 + floor(random() * length(alphabet))::int, 1), '')
        FROM generate_series(1, n) $$;
CREATE FUNCTION pg_temp.digits(n int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT pg_temp.rchars('0123456789', n) $$;
CREATE FUNCTION pg_temp.alnum(n int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT pg_temp.rchars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', n) $$;
CREATE FUNCTION pg_temp.hex(n int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT pg_temp.rchars('0123456789abcdef', n) $$;
-- base64 without padding of n random bytes (from md5 of random numbers: deterministic)
CREATE FUNCTION pg_temp.b64(nbytes int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT rtrim(replace(encode(decode(left(string_agg(md5(random()::text), ''), nbytes * 2), 'hex'), 'base64'), E'\n', ''), '=')
        FROM generate_series(1, (nbytes + 15) / 16) $$;
CREATE FUNCTION pg_temp.b64url(t text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT rtrim(translate(replace(encode(convert_to(t, 'UTF8'), 'base64'), E'\n', ''), '+/', '-_'), '=') $$;
-- a uuid built from random(): gen_random_uuid() would not follow setseed()
CREATE FUNCTION pg_temp.ruuid() RETURNS uuid LANGUAGE sql VOLATILE
  AS $$ SELECT overlay(overlay(md5(random()::text) placing '4' from 13) placing '8' from 17)::uuid $$;

-- Luhn: the check digit that completes a partial number
CREATE FUNCTION pg_temp.luhn_complete(p text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT p || ((10 - sum(CASE WHEN i % 2 = 1
                              THEN (substr(reverse(p), i, 1)::int * 2) % 10 + (substr(reverse(p), i, 1)::int * 2) / 10
                              ELSE substr(reverse(p), i, 1)::int END) % 10) % 10)::text
  FROM generate_series(1, length(p)) i $$;
-- A card number with a real issuer prefix and length
CREATE FUNCTION pg_temp.card() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE r float8 := random();
BEGIN
  IF r < 0.45 THEN RETURN pg_temp.luhn_complete('4' || pg_temp.digits(14));                       -- Visa 16
  ELSIF r < 0.65 THEN RETURN pg_temp.luhn_complete('5' || pg_temp.rint(1, 5) || pg_temp.digits(13)); -- Mastercard 51-55
  ELSIF r < 0.75 THEN RETURN pg_temp.luhn_complete(pg_temp.rint(2221, 2720) || pg_temp.digits(11)); -- Mastercard 2-series
  ELSIF r < 0.88 THEN RETURN pg_temp.luhn_complete(pg_temp.pick('{34,37}') || pg_temp.digits(12));  -- Amex 15
  ELSIF r < 0.95 THEN RETURN pg_temp.luhn_complete('6011' || pg_temp.digits(11));                    -- Discover
  ELSE RETURN pg_temp.luhn_complete(pg_temp.rint(3528, 3589) || pg_temp.digits(11));                 -- JCB
  END IF;
END $$;

-- IBAN (ISO 13616): letters as 10..35, check digits 98 - (BBAN || country || 00) mod 97
CREATE FUNCTION pg_temp.alnum_digits(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT string_agg(CASE WHEN substr(s, i, 1) ~ '[0-9]' THEN substr(s, i, 1)
                         ELSE (ascii(substr(s, i, 1)) - 55)::text END, '' ORDER BY i)
  FROM generate_series(1, length(s)) i $$;
CREATE FUNCTION pg_temp.iban_of(cc text, bban text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT cc || lpad((98 - mod(pg_temp.alnum_digits(bban || cc || '00')::numeric, 97))::int::text, 2, '0') || bban $$;
-- Spanish "dígitos de control" of a CCC
CREATE FUNCTION pg_temp.es_dc(ten text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE d WHEN 11 THEN '0' WHEN 10 THEN '1' ELSE d::text END
  FROM (SELECT 11 - sum(substr(ten, i, 1)::int * (ARRAY[1,2,4,8,5,10,9,7,3,6])[i]) % 11 AS d
        FROM generate_series(1, 10) i) x $$;
CREATE FUNCTION pg_temp.iban(cc text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE b text; g text; a text; k int;
BEGIN
  CASE cc
  WHEN 'DE' THEN RETURN pg_temp.iban_of('DE', pg_temp.pick('{10070000,10050000,20041111,37040044,50010517,60050101,70020270,76026000}') || pg_temp.digits(10));
  WHEN 'FR' THEN
    b := pg_temp.pick('{30004,30003,20041,10107,30066,11315}'); g := pg_temp.digits(5); a := pg_temp.digits(11);
    k := 97 - ((89 * b::bigint + 15 * g::bigint + 3 * a::bigint) % 97);                              -- clé RIB
    RETURN pg_temp.iban_of('FR', b || g || a || lpad(k::text, 2, '0'));
  WHEN 'ES' THEN
    b := pg_temp.pick('{2100,0049,0182,2038,0081,0075}') || pg_temp.digits(4); a := pg_temp.digits(10);
    RETURN pg_temp.iban_of('ES', b || pg_temp.es_dc('00' || b) || pg_temp.es_dc(a) || a);
  WHEN 'GB' THEN RETURN pg_temp.iban_of('GB', pg_temp.pick('{NWBK,BARC,LOYD,HBUK,MIDL}') || pg_temp.digits(14));
  WHEN 'NL' THEN RETURN pg_temp.iban_of('NL', pg_temp.pick('{ABNA,RABO,INGB,SNSB}') || pg_temp.digits(10));
  WHEN 'IT' THEN RETURN pg_temp.iban_of('IT', pg_temp.rchars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1) || pg_temp.pick('{03069,02008,05034}') || pg_temp.digits(17));
  ELSE RETURN pg_temp.iban_of('AT', pg_temp.digits(16));
  END CASE;
END $$;
CREATE FUNCTION pg_temp.iban_spaced(i text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT trim(regexp_replace(i, '(.{4})', '\1 ', 'g')) $$;

-- National identifiers
CREATE FUNCTION pg_temp.ssn(dashes bool DEFAULT true) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE a int := pg_temp.rint(1, 898);
BEGIN
  IF a >= 666 THEN a := a + 1; END IF;                                     -- area 001-899 but 666
  RETURN lpad(a::text, 3, '0') || CASE WHEN dashes THEN '-' ELSE '' END
      || lpad(pg_temp.rint(1, 99)::text, 2, '0') || CASE WHEN dashes THEN '-' ELSE '' END
      || lpad(pg_temp.rint(1, 9999)::text, 4, '0');
END $$;
CREATE FUNCTION pg_temp.nino() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE p text;
BEGIN
  LOOP
    p := pg_temp.rchars('ABCEGHJKLMNOPRSTWXYZ', 1) || pg_temp.rchars('ABCEGHJKLMNPRSTWXYZ', 1);
    EXIT WHEN p NOT IN ('BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ');
  END LOOP;
  RETURN p || pg_temp.digits(6) || pg_temp.rchars('ABCD', 1);
END $$;
CREATE FUNCTION pg_temp.dni() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE n int := pg_temp.rint(1000000, 79999999);
BEGIN
  IF random() < 0.1 THEN                                                     -- NIE of a foreign resident
    n := pg_temp.rint(0, 9999999);
    RETURN (ARRAY['X','Y','Z'])[n % 3 + 1] || lpad(n::text, 7, '0')
        || substr('TRWAGMYFPDXBNJZSQVHLCKE', ((n % 3) * 10000000 + n) % 23 + 1, 1);
  END IF;
  RETURN lpad(n::text, 8, '0') || substr('TRWAGMYFPDXBNJZSQVHLCKE', n % 23 + 1, 1);
END $$;
CREATE FUNCTION pg_temp.nir(dob date, sex int) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE n text := sex || to_char(dob, 'YYMM') || lpad(pg_temp.rint(1, 95)::text, 2, '0') || pg_temp.digits(3) || pg_temp.digits(3);
BEGIN
  RETURN n || lpad((97 - n::bigint % 97)::text, 2, '0');
END $$;
CREATE FUNCTION pg_temp.steuer_id() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE d int[]; s text; p int := 10; x int; i int; j int; t int;
BEGIN
  d := ARRAY[0,1,2,3,4,5,6,7,8,9];
  FOR i IN REVERSE 10..2 LOOP j := pg_temp.rint(1, i); t := d[i]; d[i] := d[j]; d[j] := t; END LOOP;
  d[pg_temp.rint(1, 10)] := d[pg_temp.rint(1, 10)];                -- one digit twice (or none, rarely)
  IF d[1] = 0 THEN d[1] := 1 + d[2] % 9; END IF;
  s := array_to_string(d, '');
  FOR i IN 1..10 LOOP
    x := (substr(s, i, 1)::int + p) % 10; IF x = 0 THEN x := 10; END IF; p := (x * 2) % 11;
  END LOOP;
  RETURN s || ((11 - p) % 10)::text;                                  -- ISO 7064 MOD 11,10
END $$;

-- People
CREATE FUNCTION pg_temp.first_name(lang text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT pg_temp.pick(CASE lang
    WHEN 'de' THEN '{Lukas,Anna,Leon,Lea,Finn,Hannah,Jonas,Mia,Paul,Lena,Maximilian,Sophie,Felix,Marie,Jürgen,Ursula,Klaus,Renate,Stefan,Sabine,Günter,Brigitte,Jörg,Katrin}'::text[]
    WHEN 'fr' THEN '{Jean,Marie,Pierre,Nathalie,Michel,Isabelle,Philippe,Sylvie,Alain,Catherine,Nicolas,Sophie,Julien,Camille,Léa,Hugo,Chloé,Louis,Manon,Théo,Élodie,François,Océane,Jérôme}'::text[]
    WHEN 'es' THEN '{Antonio,María,Manuel,Carmen,José,Ana,Francisco,Laura,David,Isabel,Javier,Lucía,Daniel,Marta,Carlos,Cristina,Alejandro,Paula,Pablo,Elena,Sergio,Sofía,Jorge,Nuria}'::text[]
    ELSE '{James,Mary,Robert,Patricia,John,Jennifer,Michael,Linda,David,Elizabeth,William,Barbara,Richard,Susan,Joseph,Jessica,Thomas,Sarah,Charles,Karen,Emily,Daniel,Olivia,Matthew,Ashley,Priya,Wei,Aisha}'::text[]
  END) $$;
CREATE FUNCTION pg_temp.last_name(lang text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT pg_temp.pick(CASE lang
    WHEN 'de' THEN '{Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Schäfer,Koch,Bauer,Richter,Klein,Wolf,Schröder,Neumann,Schwarz,Zimmermann,Braun,Krüger,Hofmann,Hartmann,von Bülow}'::text[]
    WHEN 'fr' THEN '{Martin,Bernard,Dubois,Thomas,Robert,Richard,Petit,Durand,Leroy,Moreau,Simon,Laurent,Lefebvre,Michel,Garcia,David,Bertrand,Roux,Vincent,Fournier,Morel,Girard,André,Lefèvre,de la Fontaine}'::text[]
    WHEN 'es' THEN '{García,Rodríguez,González,Fernández,López,Martínez,Sánchez,Pérez,Gómez,Martín,Jiménez,Ruiz,Hernández,Díaz,Moreno,Muñoz,Álvarez,Romero,Alonso,Gutiérrez,Navarro,Torres,Domínguez,Vázquez}'::text[]
    ELSE '{Smith,Johnson,Williams,Brown,Jones,Garcia,Miller,Davis,Rodriguez,Martinez,Wilson,Anderson,Taylor,Thomas,Moore,Jackson,Martin,Lee,Thompson,White,Harris,Clark,Lewis,Walker,O''Brien,Patel,Nguyen}'::text[]
  END) $$;
CREATE FUNCTION pg_temp.ascii_slug(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT regexp_replace(lower(translate(t, 'äöüßéèêëàâçîïôûùñáíóúÄÖÜÉÈÁÍÓÚÑ', 'aouseeeeaaciiouunaiouAOUEEAIOUN')), '[^a-z]', '', 'g') $$;
CREATE FUNCTION pg_temp.email(f text, l text, lang text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT (CASE pg_temp.rint(1, 5)
            WHEN 1 THEN pg_temp.ascii_slug(f) || '.' || pg_temp.ascii_slug(l)
            WHEN 2 THEN pg_temp.ascii_slug(f) || '_' || pg_temp.ascii_slug(l) || pg_temp.rint(1, 99)
            WHEN 3 THEN left(pg_temp.ascii_slug(f), 1) || pg_temp.ascii_slug(l)
            WHEN 4 THEN pg_temp.ascii_slug(f) || pg_temp.rint(1950, 2005)
            ELSE pg_temp.ascii_slug(l) || '.' || pg_temp.ascii_slug(f) END)
      || '@' || pg_temp.pick(CASE lang
            WHEN 'de' THEN '{gmx.de,web.de,t-online.de,gmail.com,posteo.de,freenet.de,outlook.de}'::text[]
            WHEN 'fr' THEN '{orange.fr,free.fr,laposte.net,gmail.com,sfr.fr,wanadoo.fr,hotmail.fr}'::text[]
            WHEN 'es' THEN '{gmail.com,hotmail.es,yahoo.es,telefonica.net,outlook.es,movistar.es}'::text[]
            WHEN 'work' THEN '{acme-corp.com,globex.io,initech.com,umbrella-group.co.uk,contoso.com,northwind.de}'::text[]
            ELSE '{gmail.com,yahoo.com,outlook.com,hotmail.com,icloud.com,aol.com,comcast.net,proton.me}'::text[] END) $$;
CREATE FUNCTION pg_temp.lang() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT pg_temp.pick('{en,de,fr,es}') $$;

-- Phones: E.164, international with spaces, or national format
CREATE FUNCTION pg_temp.phone(cc text, style text DEFAULT 'e164') RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE p text; s text; a text; e text; l text;
BEGIN
  CASE cc
  WHEN 'US' THEN
    a := pg_temp.pick('{212,415,312,617,206,303,512,702,404,305,646,773,214,602,919}');
    e := pg_temp.rint(2, 9)::text || pg_temp.rint(0, 9) || pg_temp.rint(2, 9); l := pg_temp.digits(4);
    RETURN CASE style WHEN 'e164' THEN '+1' || a || e || l WHEN 'intl' THEN '+1 ' || a || '-' || e || '-' || l
                      WHEN 'digits' THEN '1' || a || e || l ELSE '(' || a || ') ' || e || '-' || l END;
  WHEN 'DE' THEN
    IF random() < 0.6 THEN p := pg_temp.pick('{151,152,157,160,162,170,171,172,173,175,176,177,178,179}'); s := pg_temp.digits(8);
    ELSE p := pg_temp.pick('{30,40,89,69,221,211,711,341}'); s := pg_temp.rint(2, 9) || pg_temp.digits(CASE WHEN length(p) = 2 THEN 7 ELSE 6 END);
    END IF;
    RETURN CASE style WHEN 'e164' THEN '+49' || p || s WHEN 'intl' THEN '+49 ' || p || ' ' || s
                      WHEN 'digits' THEN '49' || p || s ELSE '0' || p || pg_temp.pick('{" ",/,-}') || s END;
  WHEN 'FR' THEN
    p := pg_temp.pick('{6,6,7,1,2,3,4,5}'); s := CASE WHEN p = '7' THEN pg_temp.rint(3, 9) || pg_temp.digits(7) ELSE pg_temp.digits(8) END;
    RETURN CASE style WHEN 'e164' THEN '+33' || p || s
                      WHEN 'intl' THEN '+33 ' || p || ' ' || regexp_replace(s, '(..)(..)(..)(..)', '\1 \2 \3 \4')
                      WHEN 'digits' THEN '33' || p || s
                      ELSE '0' || p || ' ' || regexp_replace(s, '(..)(..)(..)(..)', '\1 \2 \3 \4') END;
  WHEN 'ES' THEN
    s := pg_temp.pick('{6,6,6,71,73,91,93,96,95}'); s := s || pg_temp.digits(9 - length(s));
    RETURN CASE style WHEN 'e164' THEN '+34' || s
                      WHEN 'intl' THEN '+34 ' || regexp_replace(s, '(...)(..)(..)(..)', '\1 \2 \3 \4')
                      WHEN 'digits' THEN '34' || s
                      ELSE regexp_replace(s, '(...)(...)(...)', '\1 \2 \3') END;
  ELSE -- GB mobile
    s := '7' || pg_temp.pick('{4,5,7,8,9}') || pg_temp.digits(8);
    RETURN CASE style WHEN 'e164' THEN '+44' || s WHEN 'intl' THEN '+44 ' || left(s, 4) || ' ' || right(s, 6)
                      WHEN 'digits' THEN '44' || s ELSE '0' || left(s, 4) || ' ' || right(s, 6) END;
  END CASE;
END $$;
CREATE FUNCTION pg_temp.cc_of(lang text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE lang WHEN 'de' THEN 'DE' WHEN 'fr' THEN 'FR' WHEN 'es' THEN 'ES' WHEN 'gb' THEN 'GB' ELSE 'US' END $$;

-- Addresses
CREATE FUNCTION pg_temp.street(lang text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT CASE lang
    WHEN 'de' THEN pg_temp.pick('{Hauptstraße,Bahnhofstraße,Gartenweg,Schulstraße,Lindenallee,Bergstraße,Kirchplatz,Goethestraße,Am Markt,Friedrichstr.,Schillerstraße,Waldweg}')
                   || ' ' || pg_temp.rint(1, 180) || CASE WHEN random() < 0.1 THEN 'a' ELSE '' END
    WHEN 'fr' THEN pg_temp.rint(1, 120) || CASE WHEN random() < 0.08 THEN ' bis' ELSE '' END || ' '
                   || pg_temp.pick('{rue de la Paix,avenue des Champs-Élysées,boulevard Voltaire,rue Victor Hugo,place de la République,allée des Tilleuls,chemin des Vignes,rue du Faubourg Saint-Antoine,impasse des Lilas}')
    WHEN 'es' THEN pg_temp.pick('{Calle Mayor,Avenida de la Constitución,Calle de Alcalá,Paseo de Gracia,Calle Real,Plaza de España,Calle del Sol,Gran Vía,Calle de Serrano}')
                   || ', ' || pg_temp.rint(1, 150) || CASE WHEN random() < 0.5 THEN ', ' || pg_temp.rint(1, 9) || 'º ' || pg_temp.pick('{A,B,C,D,izda.,dcha.}') ELSE '' END
    WHEN 'gb' THEN pg_temp.rint(1, 240) || ' ' || pg_temp.pick('{High Street,Station Road,Church Lane,Victoria Road,Green Lane,Manor Road,Kings Road,Park Avenue}')
    ELSE pg_temp.rint(1, 9999) || ' ' || pg_temp.pick('{Main St,Oak Avenue,Maple Drive,Elm Street,Park Road,Cedar Lane,Washington Blvd,Lake View Court,Sunset Blvd,Pine Street,W 42nd St}')
         || CASE WHEN random() < 0.2 THEN ' Apt ' || pg_temp.rint(1, 30) || pg_temp.pick('{A,B,C}') ELSE '' END
  END $$;
CREATE FUNCTION pg_temp.postcode(lang text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT CASE lang
    WHEN 'de' THEN lpad(pg_temp.rint(1067, 99998)::text, 5, '0')
    WHEN 'fr' THEN lpad(pg_temp.rint(1, 95)::text, 2, '0') || pg_temp.pick('{000,100,200,300,400,500,600,700,800,008,016,120}')
    WHEN 'es' THEN lpad(pg_temp.rint(1, 52)::text, 2, '0') || lpad(pg_temp.rint(1, 999)::text, 3, '0')
    WHEN 'gb' THEN pg_temp.pick('{SW1A,EC1A,M1,B33,LS1,G2,CF10,BS8,NW3,E14,OX1,CB2}') || ' ' || pg_temp.rint(1, 9) || pg_temp.rchars('ABDEFGHJLNPQRSTUWXYZ', 2)
    ELSE lpad(pg_temp.rint(1001, 99950)::text, 5, '0') || CASE WHEN random() < 0.15 THEN '-' || pg_temp.digits(4) ELSE '' END
  END $$;
CREATE FUNCTION pg_temp.city(lang text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT pg_temp.pick(CASE lang
    WHEN 'de' THEN '{Berlin,Hamburg,München,Köln,Frankfurt am Main,Stuttgart,Düsseldorf,Leipzig,Dresden,Bremen}'::text[]
    WHEN 'fr' THEN '{Paris,Lyon,Marseille,Toulouse,Nice,Nantes,Strasbourg,Bordeaux,Lille,Rennes}'::text[]
    WHEN 'es' THEN '{Madrid,Barcelona,Valencia,Sevilla,Zaragoza,Málaga,Bilbao,Murcia,Palma,Alicante}'::text[]
    WHEN 'gb' THEN '{London,Manchester,Birmingham,Leeds,Glasgow,Cardiff,Bristol,Oxford,Cambridge}'::text[]
    ELSE '{New York,Chicago,Austin,Seattle,Boston,Denver,San Francisco,Atlanta,Miami,Phoenix}'::text[] END) $$;
-- Dates of birth: 1937-01-01 .. mid-2007, ages 18-89 in 2026
CREATE FUNCTION pg_temp.dob() RETURNS date LANGUAGE sql VOLATILE
  AS $$ SELECT date '1937-01-01' + floor(random() * 25750)::int $$;
CREATE FUNCTION pg_temp.ts(lo text DEFAULT '2021-01-01', days int DEFAULT 1400) RETURNS timestamptz LANGUAGE sql VOLATILE
  AS $$ SELECT lo::timestamptz + random() * make_interval(days => days) $$;

-- Password hashes and secrets (prefixes split so that secret scanners leave this file alone)
CREATE FUNCTION pg_temp.bcrypt() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT '$2' || pg_temp.pick('{b,b,a,y}') || '$' || pg_temp.pick('{10,12,12,11}') || '$'
      || pg_temp.rchars('./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 21) || pg_temp.rchars('.Oeu', 1)
      || pg_temp.rchars('./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 30) || pg_temp.rchars('.CGKOSWaeimquy26', 1) $$;
CREATE FUNCTION pg_temp.argon2() RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT '$argon2id$v=19$m=' || pg_temp.pick('{65536,19456,47104}') || ',t=' || pg_temp.pick('{2,3}') || ',p=' || pg_temp.pick('{1,4}') || '$' || pg_temp.b64(16) || '$' || pg_temp.b64(32) $$;
CREATE FUNCTION pg_temp.pbkdf2() RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT 'pbkdf2_sha256$' || pg_temp.pick('{260000,390000,600000}') || '$' || pg_temp.alnum(22) || '$' || pg_temp.b64(32) || '=' $$;
CREATE FUNCTION pg_temp.scrypt() RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT '$scrypt$ln=16,r=8,p=1$' || pg_temp.b64(16) || '$' || pg_temp.b64(32) $$;
CREATE FUNCTION pg_temp.sha512crypt() RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT '$6$' || pg_temp.rchars('./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 16) || '$'
            || pg_temp.rchars('./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 86) $$;
CREATE FUNCTION pg_temp.aws_key_id() RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT pg_temp.pick('{AK,AK,AK,AS}') || 'IA' || pg_temp.rchars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16) $$;
CREATE FUNCTION pg_temp.aws_secret() RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT pg_temp.rchars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+', 40) $$;
CREATE FUNCTION pg_temp.github_token() RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT CASE WHEN random() < 0.75 THEN 'gh' || pg_temp.pick('{p,o,s}') || '_' || pg_temp.alnum(36)
                    ELSE 'github' || '_pat_' || pg_temp.alnum(22) || '_' || pg_temp.alnum(59) END $$;
CREATE FUNCTION pg_temp.stripe_key() RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT pg_temp.pick('{sk,sk,rk}') || '_' || pg_temp.pick('{live,test}') || '_' || pg_temp.alnum(pg_temp.pick('{24,99}')::int) $$;
CREATE FUNCTION pg_temp.jwt(sub text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT pg_temp.b64url('{"alg":"HS256","typ":"JWT"}') || '.'
      || pg_temp.b64url('{"sub":"' || sub || '","iat":' || (1700000000 + pg_temp.rint(0, 60000000)) || ',"scope":"read write","iss":"auth.example"}')
      || '.' || translate(pg_temp.b64(32), '+/', '-_') $$;
CREATE FUNCTION pg_temp.pem_key() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT '-----BEGIN ' || k || ' KEY-----' || E'\n' || string_agg(pg_temp.b64(48), E'\n') || E'\n' || pg_temp.b64(30) || E'\n-----END ' || k || ' KEY-----'
  FROM (SELECT pg_temp.pick('{RSA PRIVATE,PRIVATE,EC PRIVATE,OPENSSH PRIVATE}') AS k) x, generate_series(1, 16) GROUP BY k $$;
-- Network
CREATE FUNCTION pg_temp.ipv4() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT CASE WHEN random() < 0.2 THEN pg_temp.pick('{192.168,172.16,10.0}') ELSE pg_temp.rint(11, 223) || '.' || pg_temp.rint(0, 255) END
         || '.' || pg_temp.rint(0, 255) || '.' || pg_temp.rint(1, 254) $$;
CREATE FUNCTION pg_temp.ipv6() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT host((pg_temp.pick('{2a02:8108,2001:4860,2a01:e0a,2600:1700,2a0c:5a80}') || ':' || pg_temp.hex(4) || ':' || pg_temp.hex(4) || ':'
               || pg_temp.hex(4) || ':' || pg_temp.hex(4) || ':' || pg_temp.hex(4) || ':' || pg_temp.hex(4))::inet) $$;
CREATE FUNCTION pg_temp.ip() RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT CASE WHEN random() < 0.8 THEN pg_temp.ipv4() ELSE pg_temp.ipv6() END $$;
-- Free text; with_email: mention one e-mail address (the tricky "1 row in 1000")
CREATE FUNCTION pg_temp.prose(lang text, with_email bool DEFAULT false) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT pg_temp.pick(CASE lang
      WHEN 'de' THEN '{"Lieferung kam zwei Tage zu spät.","Bitte Rechnung erneut senden.","Artikel defekt, Austausch gewünscht.","Alles bestens, gerne wieder.","Kunde ruft am Montag zurück."}'::text[]
      WHEN 'fr' THEN '{"Livraison rapide, merci.","Le colis était abîmé.","Merci de renvoyer la facture.","Très satisfait du produit.","Client injoignable, relancer jeudi."}'::text[]
      WHEN 'es' THEN '{"Entrega rápida, gracias.","El paquete llegó dañado.","Por favor, reenviar la factura.","Muy contento con el producto.","Volver a llamar el lunes."}'::text[]
      ELSE '{"Great product, works as described.","Arrived late but support was helpful.","Battery life is shorter than advertised.","Would buy again.","The size runs small, order one up.","Packaging was damaged but item was fine.","Five stars, fast shipping."}'::text[] END)
    || ' ' || pg_temp.pick('{"","","See order history.","Ref. ticket attached.","Thanks!","(edited)"}')
    || CASE WHEN with_email THEN ' Write to ' || pg_temp.email(pg_temp.first_name('en'), pg_temp.last_name('en'), 'en') || ' for details.' ELSE '' END $$;

SET search_path = classify_bench;

------------------------------------------------------------------------------------------------
-- E-shop (English)
------------------------------------------------------------------------------------------------
CREATE TABLE shop_customers (
  id bigint PRIMARY KEY, customer_number text NOT NULL, first_name text, last_name text, email text,
  email_verified boolean, phone text, date_of_birth date, marketing_opt_in boolean,
  loyalty_points integer, preferred_language text, created_at timestamptz, updated_at timestamptz);
INSERT INTO shop_customers
SELECT g, 'C-' || lpad(g::text, 7, '0'), f, l, pg_temp.email(f, l, 'en'), random() < 0.8,
       pg_temp.phone(pg_temp.pick('{US,US,US,GB}'), pg_temp.pick('{e164,national,intl}')),
       CASE WHEN random() < 0.9 THEN pg_temp.dob() END, random() < 0.35, pg_temp.rint(0, 12000),
       pg_temp.pick('{en-US,en-GB,es-US,fr-CA}'), c, c + random() * interval '300 days'
FROM (SELECT g, pg_temp.first_name('en') f, pg_temp.last_name('en') l, pg_temp.ts() c FROM generate_series(1, 3000) g) s;
COMMENT ON COLUMN shop_customers.email IS 'PII: primary contact e-mail';
COMMENT ON COLUMN shop_customers.email_verified IS 'true once the customer clicked the confirmation link';

CREATE TABLE shop_products (
  id integer PRIMARY KEY, sku text, ean13 text, product_name text, brand text, description text,
  price numeric(10,2), weight_grams integer, stock_qty integer, category text, image_file text,
  product_url text, is_active boolean, created_at timestamptz);
INSERT INTO shop_products
SELECT g, 'SKU-' || pg_temp.digits(5) || '-' || pg_temp.pick('{BL,RD,GR,BK,WH}'), e || ((10 - s % 10) % 10)::text, n,
       b, 'The ' || n || ' by ' || b || ' — ' || pg_temp.pick('{"durable and lightweight.","now with USB-C.","machine washable.","ideal for travel.","2-year warranty."}'),
       round((5 + random() * 995)::numeric, 2), pg_temp.rint(50, 25000), pg_temp.rint(0, 900),
       pg_temp.pick('{Electronics,Garden,Toys,Apparel,Kitchen,Sports,Books}'), 'img_' || g || '_' || pg_temp.pick('{front,back,side}') || '.jpg',
       'https://shop.example.com/p/' || g || '-' || lower(replace(n, ' ', '-')), random() < 0.9, pg_temp.ts('2019-01-01', 2000)
FROM (SELECT g, e, (SELECT sum(substr(e, i, 1)::int * CASE WHEN i % 2 = 0 THEN 3 ELSE 1 END) FROM generate_series(1, 12) i) s,
             pg_temp.pick('{Wireless Mouse,Garden Hose,Desk Lamp,Running Shoes,Coffee Grinder,Yoga Mat,Water Bottle,Backpack,Board Game,Headphones}') || ' ' || pg_temp.pick('{Pro,Mini,XL,2,Classic,Lite}') n,
             pg_temp.pick('{Acme,Globex,Umbrella,Initech,Hooli,Vandelay,Stark}') b
      FROM (SELECT g, pg_temp.pick('{400,401,590,376,841,843}') || pg_temp.digits(9) e FROM generate_series(1, 1500) g) x) s;

CREATE TABLE shop_orders (
  id bigint PRIMARY KEY, customer_id bigint, order_number bigint, order_status text, total_amount numeric(12,2),
  currency char(3), item_count integer, coupon_code text, payment_reference text, placed_at timestamptz);
INSERT INTO shop_orders
SELECT g, pg_temp.rint(1, 3000), (pg_temp.rint(1, 9) || pg_temp.digits(15))::bigint,
       pg_temp.pick('{pending,paid,shipped,delivered,cancelled,refunded}'), round((3 + random() * 900)::numeric, 2),
       pg_temp.pick('{USD,USD,EUR,GBP}'), pg_temp.rint(1, 12), CASE WHEN random() < 0.2 THEN pg_temp.pick('{SPRING10,WELCOME5,BF2024,FREESHIP}') END,
       'pi_' || pg_temp.alnum(24), pg_temp.ts()
FROM generate_series(1, 3000) g;
COMMENT ON COLUMN shop_orders.order_number IS '16-digit public order number printed on invoices';

CREATE TABLE shop_payments (
  id bigint PRIMARY KEY, order_id bigint, card_holder text, card_number text, card_last4 char(4), card_brand text,
  expiry_month smallint, expiry_year smallint, amount numeric(12,2), auth_code text, transaction_uuid uuid,
  status text, processed_at timestamptz);
INSERT INTO shop_payments
SELECT g, pg_temp.rint(1, 3000), upper(pg_temp.first_name('en') || ' ' || pg_temp.last_name('en')), c, right(c, 4),
       CASE WHEN c LIKE '4%' THEN 'visa' WHEN c ~ '^(5|2)' THEN 'mastercard' WHEN c ~ '^3[47]' THEN 'amex' WHEN c LIKE '35%' THEN 'jcb' ELSE 'discover' END,
       pg_temp.rint(1, 12), pg_temp.rint(2025, 2031), round((3 + random() * 900)::numeric, 2), upper(pg_temp.alnum(6)), pg_temp.ruuid(),
       pg_temp.pick('{authorized,captured,declined,captured,captured}'), pg_temp.ts()
FROM (SELECT g, pg_temp.card() c FROM generate_series(1, 2000) g) s;
COMMENT ON TABLE shop_payments IS 'Legacy payment table from before tokenisation';

CREATE TABLE payment_methods (   -- SaaS billing: card numbers printed with spaces
  id integer PRIMARY KEY, account_id integer, holder_name text, pan text, exp text, fingerprint text, is_default boolean, created_at timestamptz);
INSERT INTO payment_methods
SELECT g, pg_temp.rint(1, 300), pg_temp.first_name(lg) || ' ' || pg_temp.last_name(lg),
       CASE WHEN length(c) = 15 THEN regexp_replace(c, '^(....)(......)(.....)$', '\1 \2 \3') ELSE regexp_replace(c, '^(....)(....)(....)(....)$', '\1 \2 \3 \4') END,
       lpad(pg_temp.rint(1, 12)::text, 2, '0') || '/' || pg_temp.rint(26, 31), md5(c), random() < 0.6, pg_temp.ts()
FROM (SELECT g, pg_temp.lang() lg, pg_temp.card() c FROM generate_series(1, 1200) g) s;
COMMENT ON COLUMN payment_methods.pan IS 'primary account number';

CREATE TABLE shop_reviews (
  id bigint PRIMARY KEY, product_id integer, customer_id bigint, rating smallint, title text, body text,
  helpful_votes integer, created_at timestamptz);
INSERT INTO shop_reviews
SELECT g, pg_temp.rint(1, 1500), pg_temp.rint(1, 3000), pg_temp.rint(1, 5),
       pg_temp.pick('{"Love it","Not bad","Disappointed","Exactly what I needed","Meh"}'), pg_temp.prose('en', g % 1000 = 417),
       pg_temp.rint(0, 250), pg_temp.ts()
FROM generate_series(1, 2500) g;
COMMENT ON COLUMN shop_reviews.body IS 'free text written by the customer; may contain personal data';

------------------------------------------------------------------------------------------------
-- CRM (English, obscure column names)
------------------------------------------------------------------------------------------------
CREATE TABLE crm_contacts (
  id bigint PRIMARY KEY, display_name text, contact text, c3 text, company text, job_title text, notes text,
  lead_score integer, source text, owner_user_id integer, country_code char(2), last_contacted_at timestamptz);
INSERT INTO crm_contacts
SELECT g, f || ' ' || l, pg_temp.email(f, l, CASE WHEN random() < 0.5 THEN 'work' ELSE lg END),
       pg_temp.phone(pg_temp.cc_of(lg), pg_temp.pick('{e164,intl,national}')),
       pg_temp.pick('{Acme Corp,Globex,Initech,Umbrella Group,Contoso,Northwind Traders,Wayne Enterprises,Soylent}'),
       pg_temp.pick('{CTO,Head of Procurement,Office Manager,CFO,Developer,Sales Director,Buyer}'),
       CASE WHEN random() < 0.85 THEN pg_temp.pick('{"Met at trade fair, prefers e-mail:","Asked for a quote; send to","Assistant handles scheduling:","Use private address"}') || ' ' || pg_temp.email(pg_temp.first_name(lg), l, lg)
            ELSE pg_temp.pick('{"No answer.","Call after Q3.","Not interested right now."}') END,
       pg_temp.rint(0, 100), pg_temp.pick('{web,referral,trade_fair,cold_call,linkedin}'), pg_temp.rint(1, 40), pg_temp.cc_of(lg), pg_temp.ts()
FROM (SELECT g, lg, pg_temp.first_name(lg) f, pg_temp.last_name(lg) l FROM (SELECT g, pg_temp.lang() lg FROM generate_series(1, 2000) g) a) s;
COMMENT ON COLUMN crm_contacts.contact IS 'main contact channel';
COMMENT ON COLUMN crm_contacts.c3 IS 'imported field 3, internal, not personal';
COMMENT ON COLUMN crm_contacts.lead_score IS 'GDPR: derived from personal data (see DPIA-12)';

CREATE TABLE crm_companies (
  id integer PRIMARY KEY, company_name text, vat_id text, website text, industry text, employee_count integer,
  annual_revenue numeric(14,0), hq_city text, founded_on date, duns_number text, main_phone text);
INSERT INTO crm_companies
SELECT g, pg_temp.pick('{Acme,Globex,Initech,Umbrella,Contoso,Northwind,Hooli,Vandelay,Soylent,Tyrell}') || ' ' || pg_temp.pick('{GmbH,SARL,S.L.,Inc.,Ltd,AG,SAS}') || ' ' || g,
       cc || pg_temp.digits(9), 'https://www.' || pg_temp.pick('{acme,globex,initech,contoso,northwind}') || g || '.com',
       pg_temp.pick('{Manufacturing,Retail,Software,Logistics,Healthcare,Finance}'), pg_temp.rint(2, 50000), pg_temp.rint(100000, 900000000),
       pg_temp.city(lower(cc)), date '1890-01-01' + pg_temp.rint(0, 48000), pg_temp.digits(9), pg_temp.phone(cc, 'intl')
FROM (SELECT g, pg_temp.pick('{DE,FR,ES,US}') cc FROM generate_series(1, 800) g) s;
COMMENT ON COLUMN crm_companies.founded_on IS 'date of incorporation';

CREATE TABLE crm_activities (
  id bigint PRIMARY KEY, contact_id bigint, activity_type text, subject text, payload jsonb, duration_seconds integer, created_at timestamptz);
INSERT INTO crm_activities
SELECT g, pg_temp.rint(1, 2000), t, pg_temp.pick('{"Follow-up","Quote #","Renewal","Kick-off","Invoice question"}') || ' ' || pg_temp.rint(100, 999),
       jsonb_build_object('to', pg_temp.email(pg_temp.first_name(lg), pg_temp.last_name(lg), lg), 'template', pg_temp.pick('{followup_v2,quote,renewal}'),
                          'opened', random() < 0.5, 'clicks', pg_temp.rint(0, 5)),
       pg_temp.rint(0, 3600), pg_temp.ts()
FROM (SELECT g, pg_temp.pick('{email,email,email_campaign,email}') t, pg_temp.lang() lg FROM generate_series(1, 3000) g) s;
COMMENT ON COLUMN crm_activities.payload IS 'raw event from the mailing provider';

------------------------------------------------------------------------------------------------
-- HR and payroll (English, US)
------------------------------------------------------------------------------------------------
CREATE TABLE hr_employees (
  id integer PRIMARY KEY, employee_no text, first_name text, last_name text, work_email text, personal_phone text,
  ssn text, date_of_birth date, hire_date date, department text, job_level smallint, salary numeric(10,2),
  manager_id integer, is_remote boolean, home_address text, home_zip text, badge_id integer);
INSERT INTO hr_employees
SELECT g, 'E' || (10000 + g), f, l, pg_temp.ascii_slug(f) || '.' || pg_temp.ascii_slug(l) || '@acme-corp.com', pg_temp.phone('US', pg_temp.pick('{national,e164}')),
       pg_temp.ssn(random() < 0.8), pg_temp.dob(), date '2005-01-01' + pg_temp.rint(0, 7600),
       pg_temp.pick('{Engineering,Sales,Finance,HR,Support,Legal,Operations}'), pg_temp.rint(1, 9), round((42000 + random() * 160000)::numeric, 2),
       CASE WHEN g > 20 THEN pg_temp.rint(1, 20) END, random() < 0.3, pg_temp.street('en'), pg_temp.postcode('en'), pg_temp.rint(10000, 99999)
FROM (SELECT g, pg_temp.first_name('en') f, pg_temp.last_name('en') l FROM generate_series(1, 1200) g) s;
COMMENT ON COLUMN hr_employees.ssn IS 'Social Security Number - RESTRICTED';
COMMENT ON COLUMN hr_employees.badge_id IS 'door badge number';

CREATE TABLE hr_payroll (
  id bigint PRIMARY KEY, employee_id integer, pay_period text, gross_pay numeric(10,2), net_pay numeric(10,2),
  tax_withheld numeric(10,2), bank_iban text, bank_bic text, payment_date date, payslip_file text, checksum text);
INSERT INTO hr_payroll
SELECT g, e, to_char(date '2023-01-01' + ((g - 1) / 1200) * interval '1 month', 'YYYY-MM'), gp, round(gp * 0.68, 2), round(gp * 0.32, 2),
       pg_temp.iban(pg_temp.pick('{DE,GB,NL,FR}')), pg_temp.pick('{DEUTDEFF,COBADEFF,BARCGB22,INGBNL2A,BNPAFRPP}'),
       date '2023-01-28' + ((g - 1) / 1200) * 30, 'payslip_' || e || '_' || ((g - 1) / 1200 + 1) || '.pdf', md5('payslip' || g)
FROM (SELECT g, (g - 1) % 1200 + 1 e, round((3500 + random() * 9000)::numeric, 2) gp FROM generate_series(1, 3000) g) s;

------------------------------------------------------------------------------------------------
-- German shop and staff
------------------------------------------------------------------------------------------------
CREATE TABLE kunden (
  id integer PRIMARY KEY, kundennummer text, anrede text, vorname text, nachname text, strasse text, plz text, ort text,
  telefonnummer text, email_adresse text, geburtsdatum date, newsletter boolean, erstellt_am timestamptz);
INSERT INTO kunden
SELECT g, 'K' || lpad(g::text, 6, '0'), pg_temp.pick('{Herr,Frau,Divers}'), f, l, pg_temp.street('de'), pg_temp.postcode('de'), pg_temp.city('de'),
       pg_temp.phone('DE', pg_temp.pick('{national,national,intl,e164}')), pg_temp.email(f, l, 'de'),
       CASE WHEN random() < 0.7 THEN pg_temp.dob() END, random() < 0.4, pg_temp.ts()
FROM (SELECT g, pg_temp.first_name('de') f, pg_temp.last_name('de') l FROM generate_series(1, 2000) g) s;
COMMENT ON COLUMN kunden.geburtsdatum IS 'Geburtsdatum (personenbezogen, DSGVO)';

CREATE TABLE bestellungen (
  id integer PRIMARY KEY, bestellnummer text, kunden_id integer, bestelldatum date, gesamtbetrag numeric(10,2),
  status text, lieferadresse text, anzahl_artikel integer, zahlungsart text, versandkosten numeric(6,2));
INSERT INTO bestellungen
SELECT g, 'B-2024-' || lpad(g::text, 6, '0'), pg_temp.rint(1, 2000), date '2023-01-01' + pg_temp.rint(0, 900), round((5 + random() * 600)::numeric, 2),
       pg_temp.pick('{offen,bezahlt,versandt,zugestellt,storniert}'),
       pg_temp.street('de') || ', ' || pg_temp.postcode('de') || ' ' || pg_temp.city('de'), pg_temp.rint(1, 9),
       pg_temp.pick('{Rechnung,Lastschrift,PayPal,Kreditkarte,Vorkasse}'), pg_temp.pick('{0,4.90,5.95,9.90}')::numeric
FROM generate_series(1, 2500) g;

CREATE TABLE mitarbeiter (
  personalnummer integer PRIMARY KEY, vorname text, nachname text, geburtsdatum date, steuer_id text, iban text,
  abteilung text, eintrittsdatum date, gehalt numeric(10,2), urlaubstage smallint, resturlaub smallint, kostenstelle integer);
INSERT INTO mitarbeiter
SELECT 1000 + g, pg_temp.first_name('de'), pg_temp.last_name('de'), pg_temp.dob(), pg_temp.steuer_id(), pg_temp.iban('DE'),
       pg_temp.pick('{Vertrieb,Einkauf,Buchhaltung,IT,Lager,Personal}'), date '2000-01-01' + pg_temp.rint(0, 9000),
       round((2800 + random() * 6000)::numeric, 2), pg_temp.pick('{28,30,30}')::smallint, pg_temp.rint(0, 30), pg_temp.rint(40000, 49999)
FROM generate_series(1, 800) g;
COMMENT ON COLUMN mitarbeiter.steuer_id IS 'Steuerliche Identifikationsnummer';

CREATE TABLE interessenten (   -- empty: name signal only
  id integer PRIMARY KEY, anrede text, vorname text, nachname text, e_mail text, handynummer text, erstellt_am timestamptz);

------------------------------------------------------------------------------------------------
-- French shop
------------------------------------------------------------------------------------------------
CREATE TABLE clients (
  id integer PRIMARY KEY, prenom text, nom text, courriel text, telephone text, fax text, adresse text, code_postal text, ville text,
  date_naissance date, numero_secu text, date_inscription timestamptz, points_fidelite integer, actif boolean);
INSERT INTO clients
SELECT g, f, l, pg_temp.email(f, l, 'fr'), pg_temp.phone('FR', pg_temp.pick('{national,national,intl}')), pg_temp.phone('FR', 'national'),
       pg_temp.street('fr'), pg_temp.postcode('fr'), pg_temp.city('fr'), d, pg_temp.nir(d, pg_temp.rint(1, 2)), pg_temp.ts(),
       pg_temp.rint(0, 5000), random() < 0.9
FROM (SELECT g, pg_temp.first_name('fr') f, pg_temp.last_name('fr') l, pg_temp.dob() d FROM generate_series(1, 2000) g) s;
ALTER TABLE clients DROP COLUMN fax;   -- a dropped column: must not be classified
COMMENT ON COLUMN clients.numero_secu IS 'NIR (numéro de sécurité sociale)';

CREATE TABLE commandes (
  id integer PRIMARY KEY, numero_commande text, client_id integer, montant_ttc numeric(10,2), statut text, date_commande timestamptz,
  code_promo text, nb_articles integer, commentaire text, code_magasin integer);
INSERT INTO commandes
SELECT g, 'CMD' || pg_temp.digits(9), pg_temp.rint(1, 2000), round((5 + random() * 500)::numeric, 2),
       pg_temp.pick('{en_attente,payée,expédiée,livrée,annulée}'), pg_temp.ts(), CASE WHEN random() < 0.15 THEN pg_temp.pick('{BIENVENUE10,ETE2024,SOLDES}') END,
       pg_temp.rint(1, 8), CASE WHEN random() < 0.3 THEN pg_temp.prose('fr') END, pg_temp.rint(10000, 95999)
FROM generate_series(1, 2000) g;
COMMENT ON COLUMN commandes.code_magasin IS 'code du magasin (5 chiffres)';

------------------------------------------------------------------------------------------------
-- Spanish shop and invoicing
------------------------------------------------------------------------------------------------
CREATE TABLE clientes (
  id integer PRIMARY KEY, nombre text, apellidos text, correo text, telefono text, calle text, codigo_postal text, ciudad text,
  provincia text, fecha_nacimiento date, dni text, fecha_alta timestamptz, activo boolean);
INSERT INTO clientes
SELECT g, f, a1 || ' ' || a2, pg_temp.email(f, a1, 'es'), pg_temp.phone('ES', pg_temp.pick('{national,e164,intl}')), pg_temp.street('es'),
       pg_temp.postcode('es'), c, c, CASE WHEN random() < 0.85 THEN pg_temp.dob() END, pg_temp.dni(), pg_temp.ts(), random() < 0.92
FROM (SELECT g, pg_temp.first_name('es') f, pg_temp.last_name('es') a1, pg_temp.last_name('es') a2, pg_temp.city('es') c FROM generate_series(1, 2000) g) s;

CREATE TABLE facturas (
  id integer PRIMARY KEY, numero_factura text, cliente_id integer, importe numeric(10,2), iva numeric(4,2), fecha_emision date,
  estado text, iban_cobro text, concepto text);
INSERT INTO facturas
SELECT g, 'F' || to_char(d, 'YYYY') || '/' || lpad(g::text, 5, '0'), pg_temp.rint(1, 2000), round((20 + random() * 3000)::numeric, 2),
       pg_temp.pick('{21,10,4}')::numeric, d, pg_temp.pick('{emitida,pagada,vencida,anulada}'), pg_temp.iban('ES'),
       pg_temp.pick('{"Suscripción mensual","Servicios de consultoría","Material de oficina","Mantenimiento anual"}')
FROM (SELECT g, date '2022-01-01' + pg_temp.rint(0, 1000) d FROM generate_series(1, 1500) g) s;

CREATE TABLE solicitudes (   -- empty: name signal only
  id integer PRIMARY KEY, nombre_completo text, correo_electronico text, movil text, mensaje text, recibido_en timestamptz);

------------------------------------------------------------------------------------------------
-- Clinic (English)
------------------------------------------------------------------------------------------------
CREATE TABLE clinic_patients (
  id integer PRIMARY KEY, mrn text, full_name text, dob date, sex char(1), blood_type text, emergency_contact_phone text,
  insurance_member_id text, primary_physician text, allergies text, registered_at timestamptz);
INSERT INTO clinic_patients
SELECT g, 'MRN-' || lpad((g * 7919 % 1000000)::text, 8, '0'), pg_temp.first_name('en') || ' ' || pg_temp.last_name('en'), pg_temp.dob(),
       pg_temp.pick('{F,M,X}'), pg_temp.pick('{A+,A-,B+,0+,0-,AB+}'), pg_temp.phone('US', 'national'),
       pg_temp.pick('{AET,BCB,UHC,CIG}') || pg_temp.digits(9), 'Dr. ' || pg_temp.first_name('en') || ' ' || pg_temp.last_name('en'),
       pg_temp.pick('{none,penicillin,peanuts,latex,"none known",pollen}'), pg_temp.ts()
FROM generate_series(1, 1500) g;
COMMENT ON COLUMN clinic_patients.dob IS 'patient date of birth (PHI)';

CREATE TABLE clinic_appointments (
  id bigint PRIMARY KEY, patient_id integer, appointment_at timestamptz, duration_min smallint, room_code text, reason text,
  status text, reminder_sent boolean, no_show_count smallint);
INSERT INTO clinic_appointments
SELECT g, pg_temp.rint(1, 1500), pg_temp.ts('2023-01-01', 900), pg_temp.pick('{15,30,45,60}')::smallint, pg_temp.pick('{A,B,C}') || pg_temp.rint(100, 420),
       pg_temp.pick('{checkup,follow-up,vaccination,lab,consultation}'), pg_temp.pick('{booked,attended,cancelled,no_show}'), random() < 0.7, pg_temp.rint(0, 4)
FROM generate_series(1, 3000) g;

CREATE TABLE clinic_lab_results (
  id bigint PRIMARY KEY, patient_id integer, test_code text, value_numeric numeric(8,2), unit text, reference_range text,
  collected_at timestamptz, result_flag text);
INSERT INTO clinic_lab_results
SELECT g, pg_temp.rint(1, 1500), pg_temp.pick('{2345-7,718-7,2093-3,4548-4,6690-2}'), round((random() * 300)::numeric, 2),
       pg_temp.pick('{mg/dL,g/dL,%,10*3/uL}'), pg_temp.pick('{70-99,12-16,<200,4.0-5.6}'), pg_temp.ts(), pg_temp.pick('{N,N,N,H,L}')
FROM generate_series(1, 3000) g;

------------------------------------------------------------------------------------------------
-- SaaS authentication service
------------------------------------------------------------------------------------------------
CREATE TABLE auth_users (
  id uuid PRIMARY KEY, username text, email text, email_verified boolean, password_hash text, mfa_secret text,
  mfa_enabled boolean, last_login_ip inet, last_login_at timestamptz, failed_login_count integer, locale text, timezone text,
  is_admin boolean, created_at timestamptz);
INSERT INTO auth_users
SELECT pg_temp.ruuid(), pg_temp.ascii_slug(f) || pg_temp.pick('{_,.,""}') || left(pg_temp.ascii_slug(l), 3) || pg_temp.rint(1, 999),
       pg_temp.email(f, l, lg), random() < 0.85, CASE WHEN random() < 0.7 THEN pg_temp.bcrypt() ELSE pg_temp.argon2() END,
       CASE WHEN m THEN pg_temp.rchars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 32) END, m, pg_temp.ip()::inet, pg_temp.ts(), pg_temp.rint(0, 6),
       pg_temp.pick('{en_US,de_DE,fr_FR,es_ES}'), pg_temp.pick('{UTC,Europe/Berlin,Europe/Paris,Europe/Madrid,America/New_York}'), random() < 0.02, pg_temp.ts('2019-01-01', 1500)
FROM (SELECT g, lg, pg_temp.first_name(lg) f, pg_temp.last_name(lg) l, random() < 0.4 m FROM (SELECT g, pg_temp.lang() lg FROM generate_series(1, 3000) g) a) s;
COMMENT ON COLUMN auth_users.mfa_secret IS 'TOTP seed (base32)';

CREATE TABLE auth_api_keys (
  id integer PRIMARY KEY, user_id integer, name text, key_prefix text, api_key text, scopes text[], created_at timestamptz,
  expires_at timestamptz, last_used_at timestamptz, revoked boolean, usage_count bigint);
INSERT INTO auth_api_keys
SELECT g, pg_temp.rint(1, 3000), pg_temp.pick('{ci,production,staging,"local dev",zapier,backup-job}'), left(k, 12), k,
       pg_temp.pick('{"{read}","{read,write}","{admin}"}')::text[], c, c + interval '1 year', c + random() * interval '200 days', random() < 0.1, pg_temp.rint(0, 2000000)
FROM (SELECT g, pg_temp.stripe_key() k, pg_temp.ts() c FROM generate_series(1, 1000) g) s;

CREATE TABLE auth_sessions (
  id bigint PRIMARY KEY, user_id integer, session_token text, refresh_token text, ip_address text, user_agent text,
  created_at timestamptz, expires_at timestamptz, is_revoked boolean);
INSERT INTO auth_sessions
SELECT g, u, translate(pg_temp.b64(32), '+/', '-_'), pg_temp.jwt(u::text), pg_temp.ip(),
       pg_temp.pick('{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36","Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148","Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0","okhttp/4.12.0"}'),
       c, c + interval '30 days', random() < 0.2
FROM (SELECT g, pg_temp.rint(1, 3000) u, pg_temp.ts() c FROM generate_series(1, 3000) g) s;

CREATE TABLE integrations (
  id integer PRIMARY KEY, account_id integer, provider text, access_key_id text, secret_access_key text, github_token text,
  webhook_url text, webhook_signing_secret text, private_key_pem text, config jsonb, created_at timestamptz);
INSERT INTO integrations
SELECT g, pg_temp.rint(1, 300), pg_temp.pick('{aws,github,stripe,slack}'), pg_temp.aws_key_id(), pg_temp.aws_secret(), pg_temp.github_token(),
       'https://hooks.example.com/in/' || pg_temp.rint(1000, 9999), 'wh' || 'sec_' || pg_temp.alnum(32), pg_temp.pem_key(),
       jsonb_build_object('region', pg_temp.pick('{eu-central-1,us-east-1,eu-west-3}'), 'bucket', 'backups-' || g, 'retries', pg_temp.rint(1, 5)),
       pg_temp.ts()
FROM generate_series(1, 500) g;

CREATE TABLE legacy_accounts (
  id integer PRIMARY KEY, login text, pwd text, pwd_algo text, pwd_changed_at timestamptz, security_question text, misc text, login_count integer);
INSERT INTO legacy_accounts
SELECT g, 'user' || g, h, CASE WHEN h LIKE 'pbkdf2%' THEN 'pbkdf2' WHEN h LIKE '$6$%' THEN 'sha512crypt' ELSE 'scrypt' END, pg_temp.ts('2012-01-01', 3000),
       pg_temp.pick('{"Name of your first pet?","City you were born in?","Favourite teacher?"}'), pg_temp.phone(pg_temp.pick('{US,DE,FR,ES,GB}'), pg_temp.pick('{e164,national,intl}')),
       pg_temp.rint(0, 5000)
FROM (SELECT g, CASE pg_temp.rint(1, 3) WHEN 1 THEN pg_temp.pbkdf2() WHEN 2 THEN pg_temp.sha512crypt() ELSE pg_temp.scrypt() END h FROM generate_series(1, 600) g) s;
COMMENT ON COLUMN legacy_accounts.misc IS 'misc data from the old system - not personal';

------------------------------------------------------------------------------------------------
-- Logistics
------------------------------------------------------------------------------------------------
CREATE TABLE logistics_shipments (
  id bigint PRIMARY KEY, tracking_number text, recipient_name text, recipient_street text, recipient_postcode text, recipient_city text,
  recipient_country char(2), weight_kg numeric(7,2), dest_lat double precision, dest_lng double precision, status text,
  shipped_at timestamptz, delivered_at timestamptz, parcel_count smallint);
INSERT INTO logistics_shipments
SELECT g, '1Z' || upper(pg_temp.alnum(6)) || pg_temp.digits(10), pg_temp.first_name(lg) || ' ' || pg_temp.last_name(lg), pg_temp.street(lg), pg_temp.postcode(lg),
       pg_temp.city(lg), pg_temp.cc_of(lg), round((0.2 + random() * 30)::numeric, 2),
       round((CASE lg WHEN 'en' THEN 30 + random() * 15 ELSE 37 + random() * 16 END)::numeric, 6), round((CASE lg WHEN 'en' THEN -120 + random() * 45 ELSE -8 + random() * 22 END)::numeric, 6),
       pg_temp.pick('{label_created,in_transit,out_for_delivery,delivered,exception}'), c, c + random() * interval '5 days', pg_temp.rint(1, 4)
FROM (SELECT g, pg_temp.lang() lg, pg_temp.ts() c FROM generate_series(1, 3000) g) s;

CREATE TABLE logistics_depots (
  id integer PRIMARY KEY, depot_code text, depot_name text, location point, capacity_pallets integer, service_area_code integer, opened_on date, dock_count smallint);
INSERT INTO logistics_depots
SELECT g, upper(left(pg_temp.ascii_slug(c), 3)) || '-' || lpad(g::text, 2, '0'), 'Depot ' || c || ' ' || pg_temp.pick('{Nord,Süd,Ost,West,Hafen}'),
       point(round((-8 + random() * 22)::numeric, 5), round((37 + random() * 16)::numeric, 5)), pg_temp.rint(500, 20000), pg_temp.rint(10000, 99999),
       date '1995-01-01' + pg_temp.rint(0, 10000), pg_temp.rint(4, 60)
FROM (SELECT g, pg_temp.city(pg_temp.pick('{de,fr,es}')) c FROM generate_series(1, 200) g) s;
COMMENT ON COLUMN logistics_depots.location IS 'lon/lat of the gate';

CREATE TABLE fleet_gps_pings (
  id bigint PRIMARY KEY, vehicle_id integer, recorded_at timestamptz, lat numeric(9,6), lon numeric(9,6), speed_kmh real,
  heading_deg smallint, odometer_km integer, engine_temp_c real, battery_pct smallint);
INSERT INTO fleet_gps_pings
SELECT g, pg_temp.rint(1, 80), pg_temp.ts('2024-01-01', 300), round((47.3 + random() * 7.5)::numeric, 6), round((5.9 + random() * 9.1)::numeric, 6),
       round((random() * 110)::numeric, 1), pg_temp.rint(0, 359), pg_temp.rint(1000, 400000), round((60 + random() * 45)::numeric, 1), pg_temp.rint(5, 100)
FROM generate_series(1, 3000) g;

------------------------------------------------------------------------------------------------
-- Bank
------------------------------------------------------------------------------------------------
CREATE TABLE bank_accounts (
  id integer PRIMARY KEY, account_holder text, iban text, bic text, account_type text, balance numeric(14,2), currency char(3),
  branch_code integer, overdraft_limit numeric(10,2), is_frozen boolean, opened_at date);
INSERT INTO bank_accounts
SELECT g, pg_temp.first_name(lg) || ' ' || pg_temp.last_name(lg), pg_temp.iban(CASE lg WHEN 'de' THEN 'DE' WHEN 'fr' THEN 'FR' WHEN 'es' THEN 'ES' ELSE pg_temp.pick('{GB,NL,IT}') END),
       pg_temp.pick('{DEUTDEFF,COBADEFF,BNPAFRPP,CAIXESBB,BSCHESMM,BARCGB22,INGBNL2A}'), pg_temp.pick('{checking,savings,business}'),
       round((random() * 80000 - 2000)::numeric, 2), 'EUR', pg_temp.rint(10000, 99999), pg_temp.pick('{0,500,1000,2500}')::numeric, random() < 0.01,
       date '2000-01-01' + pg_temp.rint(0, 9000)
FROM (SELECT g, pg_temp.lang() lg FROM generate_series(1, 2000) g) s;

CREATE TABLE bank_transactions (
  id bigint PRIMARY KEY, account_id integer, amount numeric(12,2), booked_at timestamptz, value_date date, counterparty_name text,
  counterparty_iban text, remittance_info text, end_to_end_id text, category_code text, balance_after numeric(14,2));
INSERT INTO bank_transactions
SELECT g, pg_temp.rint(1, 2000), round((random() * 4000 - 2500)::numeric, 2), b, b::date + pg_temp.rint(0, 2),
       pg_temp.first_name(lg) || ' ' || pg_temp.last_name(lg), pg_temp.iban_spaced(pg_temp.iban(pg_temp.cc_of(lg))),
       pg_temp.pick('{"Miete","Rechnung RE-","Loyer","Alquiler","Invoice INV-","Gift"}') || ' ' || pg_temp.rint(1000, 99999),
       'E2E' || upper(pg_temp.hex(20)), pg_temp.pick('{SEPA_CT,SEPA_DD,CARD,ATM,FEE}'), round((random() * 50000)::numeric, 2)
FROM (SELECT g, pg_temp.pick('{de,fr,es,de}') lg, pg_temp.ts() b FROM generate_series(1, 3000) g) s;
COMMENT ON COLUMN bank_transactions.counterparty_iban IS 'IBAN of the other party, printed form';

------------------------------------------------------------------------------------------------
-- Telecom
------------------------------------------------------------------------------------------------
CREATE TABLE telecom_subscribers (
  id integer PRIMARY KEY, msisdn text, imsi text, imei text, sim_iccid text, plan_code text, data_cap_gb smallint,
  activated_on date, contract_end date, porting_status text, line_count smallint);
INSERT INTO telecom_subscribers
SELECT g, pg_temp.phone(cc, 'digits'), CASE cc WHEN 'DE' THEN '26201' WHEN 'FR' THEN '20801' ELSE '21407' END || pg_temp.digits(10),
       pg_temp.luhn_complete(pg_temp.pick('{35,86,01,35}') || pg_temp.digits(12)),                                    -- IMEI: Luhn-valid
       pg_temp.luhn_complete('89' || CASE cc WHEN 'DE' THEN '49' WHEN 'FR' THEN '33' ELSE '34' END || pg_temp.digits(14)), -- ICCID: Luhn-valid
       pg_temp.pick('{S10,M25,L50,XL100,UNL}'), pg_temp.pick('{5,10,25,50,100}')::smallint, a, a + 730,
       pg_temp.pick('{none,none,none,in,out}'), pg_temp.rint(1, 3)
FROM (SELECT g, pg_temp.pick('{DE,FR,ES}') cc, date '2018-01-01' + pg_temp.rint(0, 2500) a FROM generate_series(1, 2000) g) s;
COMMENT ON COLUMN telecom_subscribers.msisdn IS 'subscriber number, international form without +';

CREATE TABLE telecom_cdr (
  id bigint PRIMARY KEY, caller text, callee text, started_at timestamptz, duration_s integer, cell_id integer,
  cost_cents integer, call_type text, roaming boolean);
INSERT INTO telecom_cdr
SELECT g, pg_temp.phone(cc, 'e164'), pg_temp.phone(cc, pg_temp.pick('{national,e164,national}')), pg_temp.ts('2024-01-01', 200), pg_temp.rint(1, 3600),
       pg_temp.rint(100000, 268435455), pg_temp.rint(0, 900), pg_temp.pick('{voice,sms,voice,mms}'), random() < 0.05
FROM (SELECT g, pg_temp.pick('{DE,FR,ES,US}') cc FROM generate_series(1, 3000) g) s;

------------------------------------------------------------------------------------------------
-- Web and application logs
------------------------------------------------------------------------------------------------
CREATE TABLE web_access_log (   -- 200,000 rows: the sampling case
  id bigint PRIMARY KEY, ts timestamptz, client_ip inet, method text, path text, status smallint, bytes_sent integer,
  user_agent text, referrer text, request_id uuid, response_ms integer);
INSERT INTO web_access_log
SELECT g, timestamptz '2024-06-01' + g * interval '13 seconds',
       CASE WHEN r < 0.85 THEN ((11 + (r * 1e6)::int % 212) || '.' || (g * 7 % 256) || '.' || (g * 13 % 256) || '.' || (1 + g % 254))::inet
            ELSE ('2a02:8108:' || to_hex(g % 65536) || '::' || to_hex((r * 65535)::int))::inet END,
       (ARRAY['GET','GET','GET','POST','PUT','DELETE'])[1 + (r * 6)::int % 6],
       (ARRAY['/','/products','/cart','/api/v1/orders','/login','/static/app.js','/search?q=shoes','/account'])[1 + (r * 800)::int % 8],
       (ARRAY[200,200,200,200,301,304,404,500])[1 + (r * 8000)::int % 8], (r * 200000)::int,
       (ARRAY['Mozilla/5.0 (Windows NT 10.0; Win64; x64)','Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)','curl/8.5.0','Googlebot/2.1'])[1 + (r * 40)::int % 4],
       CASE WHEN r < 0.5 THEN 'https://www.google.com/' WHEN r < 0.6 THEN 'https://shop.example.com/products' END,
       md5(g::text || r::text)::uuid, (r * 900)::int + 3
FROM (SELECT g, random() r FROM generate_series(1, 200000) g) s;

CREATE TABLE app_events (
  id bigint, occurred_at timestamptz NOT NULL, event_name text, user_id integer, source_ip text, payload jsonb,
  app_version text, build_sha text, device_os text) PARTITION BY RANGE (occurred_at);
CREATE TABLE app_events_2024h1 PARTITION OF app_events FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');
CREATE TABLE app_events_2024h2 PARTITION OF app_events FOR VALUES FROM ('2024-07-01') TO ('2025-01-01');
CREATE TABLE app_events_2025 PARTITION OF app_events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO app_events
SELECT g, pg_temp.ts('2024-01-01', 700), e, pg_temp.rint(1, 3000), pg_temp.ip(),
       jsonb_build_object('event', e, 'phone', pg_temp.phone(pg_temp.pick('{DE,FR,ES,US}'), 'e164'), 'plan', pg_temp.pick('{free,pro,team}'), 'sms_opt_in', random() < 0.5),
       pg_temp.rint(3, 5) || '.' || pg_temp.rint(0, 20) || '.' || pg_temp.rint(0, 9), pg_temp.hex(40), pg_temp.pick('{iOS 17.5,Android 14,iOS 16.7,Android 13}')
FROM (SELECT g, pg_temp.pick('{signup,phone_verified,sms_sent,plan_changed}') e FROM generate_series(1, 3000) g) s;
COMMENT ON COLUMN app_events.payload IS 'event payload from the mobile app';

CREATE TABLE support_tickets (
  id integer PRIMARY KEY, requester_id integer, subject text, body text, priority text, status text, assigned_team text,
  created_at timestamptz, resolved_at timestamptz, reopen_count smallint, satisfaction_score smallint);
INSERT INTO support_tickets
SELECT g, pg_temp.rint(1, 3000), pg_temp.pick('{"Cannot log in","Refund request","Invoice wrong","Feature request","App crashes on start"}'),
       pg_temp.prose(pg_temp.lang(), g % 1000 = 123), pg_temp.pick('{low,normal,high,urgent}'), pg_temp.pick('{open,pending,solved,closed}'),
       pg_temp.pick('{tier1,tier2,billing,mobile}'), c, CASE WHEN random() < 0.8 THEN c + random() * interval '10 days' END, pg_temp.rint(0, 3), pg_temp.rint(1, 5)
FROM (SELECT g, pg_temp.ts() c FROM generate_series(1, 2500) g) s;

CREATE TABLE user_profiles (
  id integer PRIMARY KEY, user_id integer, profile jsonb, settings jsonb, avatar_url text, bio text, updated_at timestamptz);
INSERT INTO user_profiles
SELECT g, g, jsonb_build_object('displayName', f, 'contact', jsonb_build_object('email', pg_temp.email(f, l, lg)), 'newsletter', random() < 0.3, 'tier', pg_temp.pick('{free,pro}')),
       jsonb_build_object('theme', pg_temp.pick('{dark,light,system}'), 'language', lg, 'notifications', jsonb_build_object('email', random() < 0.5, 'push', random() < 0.5)),
       'https://cdn.example.com/avatars/' || md5('avatar' || g) || '.png', CASE WHEN random() < 0.4 THEN pg_temp.prose(lg) END, pg_temp.ts()
FROM (SELECT g, lg, pg_temp.first_name(lg) f, pg_temp.last_name(lg) l FROM (SELECT g, pg_temp.lang() lg FROM generate_series(1, 2000) g) a) s;

CREATE TABLE newsletter_subscribers (   -- empty: name signal only
  id integer PRIMARY KEY, email text, first_name text, subscribed_at timestamptz, consent_ip inet, double_opt_in boolean);

------------------------------------------------------------------------------------------------
-- Files and releases: hashes of non-secrets, versions
------------------------------------------------------------------------------------------------
CREATE TABLE file_uploads (
  id bigint PRIMARY KEY, owner_id integer, file_name text, mime_type text, size_bytes bigint, sha256 text, md5 text,
  storage_url text, scan_status text, uploaded_at timestamptz);
INSERT INTO file_uploads
SELECT g, pg_temp.rint(1, 3000), n, CASE WHEN n LIKE '%.pdf' THEN 'application/pdf' WHEN n LIKE '%.png' THEN 'image/png' ELSE 'image/jpeg' END,
       pg_temp.rint(2000, 20000000), encode(sha256(convert_to(n || g, 'UTF8')), 'hex'), md5(n || g),
       's3://uploads-prod/' || g || '/' || n, pg_temp.pick('{clean,clean,clean,pending,infected}'), pg_temp.ts()
FROM (SELECT g, pg_temp.pick('{IMG_,scan_,invoice_,DSC,Screenshot_}') || pg_temp.digits(4) || pg_temp.pick('{.jpg,.png,.pdf}') n FROM generate_series(1, 1500) g) s;

CREATE TABLE software_releases (
  id integer PRIMARY KEY, component text, version text, assembly_version text, git_sha text, release_date date, download_count integer,
  changelog text, checksum_sha256 text, is_lts boolean, min_os_version text);
INSERT INTO software_releases
SELECT g, c, v, CASE WHEN random() < 0.5 THEN pg_temp.rint(1, 12) || '.' || pg_temp.rint(0, 9) || '.' || pg_temp.rint(0, 250) || '.' || pg_temp.rint(0, 250)  -- parses as IPv4
                     ELSE pg_temp.rint(6, 10) || '.' || pg_temp.rint(0, 3) || '.' || pg_temp.rint(7600, 22631) || '.' || pg_temp.rint(0, 4000) END,
       pg_temp.hex(40), date '2015-01-01' + pg_temp.rint(0, 3600), pg_temp.rint(0, 5000000),
       pg_temp.pick('{"Fix crash on startup","Performance improvements","New dark mode","Security fixes (CVE-2024-1234)"}'),
       encode(sha256(convert_to(c || v, 'UTF8')), 'hex'), random() < 0.15, pg_temp.pick('{10.15,11.0,12.0,7.0,8.1}')
FROM (SELECT g, pg_temp.pick('{agent,cli,desktop,server,sdk}') c, pg_temp.rint(1, 9) || '.' || pg_temp.rint(0, 30) || '.' || pg_temp.rint(0, 20) v FROM generate_series(1, 300) g) s;

------------------------------------------------------------------------------------------------
-- United Kingdom customers (NINO)
------------------------------------------------------------------------------------------------
CREATE TABLE uk_customers (
  id integer PRIMARY KEY, title text, forename text, surname text, ni_number text, address_line1 text, town text, postcode text,
  mobile text, sort_code text, account_number text, created_at timestamptz);
INSERT INTO uk_customers
SELECT g, pg_temp.pick('{Mr,Mrs,Ms,Dr,Mx}'), pg_temp.first_name('en'), pg_temp.last_name('en'),
       CASE WHEN random() < 0.7 THEN n ELSE regexp_replace(n, '^(..)(..)(..)(..)(.)$', '\1 \2 \3 \4 \5') END,
       pg_temp.street('gb'), pg_temp.city('gb'), pg_temp.postcode('gb'), pg_temp.phone('GB', pg_temp.pick('{national,intl}')),
       pg_temp.digits(2) || '-' || pg_temp.digits(2) || '-' || pg_temp.digits(2), pg_temp.digits(8), pg_temp.ts()
FROM (SELECT g, pg_temp.nino() n FROM generate_series(1, 1000) g) s;
COMMENT ON COLUMN uk_customers.ni_number IS 'National Insurance number';

------------------------------------------------------------------------------------------------
-- Import staging with positional column names
------------------------------------------------------------------------------------------------
CREATE TABLE import_staging (
  id bigint PRIMARY KEY, batch_id integer, col1 text, col2 text, col3 text, col4 text, col5 text, col6 text, col7 text, imported_at timestamptz);
INSERT INTO import_staging
SELECT g, 1 + (g - 1) / 250, f || ' ' || l, pg_temp.email(f, l, 'de'), to_char(pg_temp.dob(), 'DD.MM.YYYY'), pg_temp.iban('DE'),
       replace(round((random() * 500)::numeric, 2)::text, '.', ','), pg_temp.pick('{neu,aktiv,gekündigt}'), md5('row' || g), pg_temp.ts()
FROM (SELECT g, pg_temp.first_name('de') f, pg_temp.last_name('de') l FROM generate_series(1, 1000) g) s;
COMMENT ON TABLE import_staging IS 'CSV import from the old CRM (Name;E-Mail;Geburtstag;IBAN;Umsatz;Status;Hash)';

------------------------------------------------------------------------------------------------
-- Pure business data: numbers, codes, metrics
------------------------------------------------------------------------------------------------
CREATE TABLE metrics_daily (
  day date PRIMARY KEY, sessions integer, pageviews integer, bounce_rate real, avg_session_sec real, revenue numeric(12,2),
  conversions integer, region_code integer, avg_temperature_c real);
INSERT INTO metrics_daily
SELECT date '2019-01-01' + g, pg_temp.rint(1000, 90000), pg_temp.rint(5000, 400000), round(random()::numeric, 3), round((30 + random() * 400)::numeric, 1),
       round((random() * 90000)::numeric, 2), pg_temp.rint(10, 2000), pg_temp.pick('{10115,75001,28001,94103}')::int, round((-5 + random() * 35)::numeric, 1)
FROM generate_series(0, 1999) g;

CREATE TABLE inventory_movements (
  id bigint PRIMARY KEY, product_id integer, warehouse_code text, lot_number text, serial_number text, qty integer, movement_type text,
  moved_at timestamptz, batch_expiry date, unit_cost numeric(10,2));
INSERT INTO inventory_movements
SELECT g, pg_temp.rint(1, 1500), pg_temp.pick('{WH-BER,WH-PAR,WH-MAD,WH-NJ}'), 'LOT' || pg_temp.digits(6),
       '4' || pg_temp.digits(15),                             -- Visa-like prefix and length; passes Luhn in about 1 row in 10
       pg_temp.rint(-200, 500), pg_temp.pick('{receipt,pick,transfer,adjustment,return}'), pg_temp.ts(), date '2025-01-01' + pg_temp.rint(0, 1000),
       round((1 + random() * 200)::numeric, 2)
FROM generate_series(1, 3000) g;

CREATE TABLE coupons (
  id integer PRIMARY KEY, code text, discount_pct smallint, max_uses integer, used_count integer, valid_from date, valid_until date,
  campaign text, created_by integer);
INSERT INTO coupons
SELECT g, upper(pg_temp.alnum(10)), pg_temp.pick('{5,10,15,20,50}')::smallint, pg_temp.rint(1, 10000), pg_temp.rint(0, 900),
       v, v + pg_temp.rint(7, 90), pg_temp.pick('{spring,black_friday,newsletter,affiliate}'), pg_temp.rint(1, 40)
FROM (SELECT g, date '2022-01-01' + pg_temp.rint(0, 1000) v FROM generate_series(1, 600) g) s;

ANALYZE;
