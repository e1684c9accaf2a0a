"""Invented article texts and headlines for the inserted-link pages (written for chaff; no real page text).

Each topic: title, language, body paragraphs, and headlines of inserted items on the same story.
OFF_TOPIC: headlines of unrelated stories, per language, inserted for clicks.
"""

TOPICS = [
    {
        "key": "banjir",
        "lang": "id",
        "title": "Banjir Rendam Ribuan Rumah di Kota Tegalrejo, Warga Mengungsi ke Masjid",
        "paragraphs": [
            "Hujan deras yang mengguyur Kota Tegalrejo sejak Sabtu malam menyebabkan Sungai Kaliwangi meluap dan merendam ribuan rumah di enam kecamatan.",
            "Kepala Badan Penanggulangan Bencana Daerah Tegalrejo, Sutrisno Wibowo, mengatakan ketinggian air di sejumlah permukiman mencapai satu meter lebih pada Minggu pagi.",
            "Sebanyak 2.300 warga terpaksa mengungsi ke masjid, sekolah dan balai desa yang berada di dataran lebih tinggi. Petugas mendirikan dapur umum di tiga titik pengungsian.",
            "\"Kami sudah mengerahkan perahu karet dan tim gabungan untuk mengevakuasi warga lanjut usia dan anak-anak,\" kata Sutrisno kepada wartawan di posko utama.",
            "Banjir juga memutus jalan provinsi yang menghubungkan Tegalrejo dengan kabupaten tetangga sehingga kendaraan harus memutar sejauh dua puluh kilometer.",
            "Warga Kelurahan Sidomulyo, Rahmat, mengaku air masuk ke rumahnya dengan cepat sekitar pukul tiga dini hari sehingga ia tidak sempat menyelamatkan barang elektronik.",
            "Badan Meteorologi memperkirakan hujan dengan intensitas sedang hingga lebat masih akan terjadi selama tiga hari ke depan dan meminta warga di bantaran sungai tetap waspada.",
            "Pemerintah kota menetapkan status tanggap darurat selama dua minggu dan menyiapkan bantuan beras, selimut serta obat-obatan bagi para pengungsi banjir.",
        ],
        "on_topic": [
            "Sungai Kaliwangi Meluap, Jalan Provinsi di Tegalrejo Lumpuh Total",
            "BPBD Tegalrejo Tetapkan Status Tanggap Darurat Banjir Dua Pekan",
            "Cerita Pengungsi Banjir Tegalrejo: Air Masuk Rumah Pukul Tiga Pagi",
            "Hujan Lebat Diprediksi Berlanjut, Warga Bantaran Kaliwangi Diminta Waspada",
        ],
    },
    {
        "key": "dbd",
        "lang": "id",
        "title": "Kasus Demam Berdarah Melonjak, Dinas Kesehatan Sragen Gelar Fogging Massal",
        "paragraphs": [
            "Dinas Kesehatan Kabupaten Sragen mencatat 412 kasus demam berdarah dengue sepanjang Januari, naik hampir tiga kali lipat dibanding periode yang sama tahun lalu.",
            "Kepala Dinas Kesehatan Sragen, dr. Lestari Handayani, mengatakan tujuh pasien meninggal dunia, sebagian besar anak-anak berusia di bawah sepuluh tahun.",
            "Untuk menekan penyebaran nyamuk Aedes aegypti, dinas menggelar pengasapan atau fogging massal di 40 desa yang masuk kategori zona merah.",
            "Namun Lestari mengingatkan bahwa fogging hanya membunuh nyamuk dewasa. Warga tetap diminta menguras bak mandi, menutup tempat penampungan air dan mengubur barang bekas.",
            "Rumah Sakit Umum Daerah Sragen menambah dua bangsal darurat karena ruang perawatan anak penuh oleh pasien demam berdarah sejak pekan lalu.",
            "Seorang ibu di Kecamatan Gemolong, Siti Aminah, bercerita anaknya dirawat lima hari setelah trombositnya turun drastis. \"Awalnya saya kira hanya demam biasa,\" ujarnya.",
            "Dinas Kesehatan juga melatih kader juru pemantau jentik di setiap rukun tetangga agar pemeriksaan rumah warga dilakukan setiap pekan.",
        ],
        "on_topic": [
            "RSUD Sragen Tambah Bangsal Darurat untuk Pasien Demam Berdarah",
            "Tujuh Anak Meninggal karena DBD, Sragen Gencarkan Pemberantasan Sarang Nyamuk",
            "Fogging Massal di 40 Desa Zona Merah Demam Berdarah Sragen",
        ],
    },
    {
        "key": "timnas",
        "lang": "id",
        "title": "Timnas Indonesia U-23 Tekuk Vietnam 2-1, Pelatih Puji Mental Pemain",
        "paragraphs": [
            "Tim nasional Indonesia U-23 menang 2-1 atas Vietnam pada laga kedua fase grup Piala Asia Tenggara di Stadion Gelora Bung Tomo, Surabaya, Selasa malam.",
            "Gol pertama Indonesia dicetak Rizky Pratama pada menit ke-23 lewat sundulan yang memanfaatkan umpan silang dari sisi kanan.",
            "Vietnam sempat menyamakan kedudukan melalui tendangan bebas Nguyen Van Duc pada awal babak kedua sehingga tekanan kepada tuan rumah meningkat.",
            "Gol kemenangan lahir pada menit ke-81 ketika gelandang Fajar Maulana melepaskan tembakan keras dari luar kotak penalti yang tidak mampu dijangkau kiper lawan.",
            "Pelatih timnas U-23, Bambang Herlambang, memuji mental para pemain yang tetap tenang meski sempat kehilangan keunggulan di depan puluhan ribu penonton.",
            "\"Anak-anak menunjukkan karakter. Mereka tidak panik dan terus menjalankan rencana permainan,\" kata Bambang dalam konferensi pers seusai pertandingan.",
            "Dengan hasil ini Indonesia mengoleksi enam poin dan memimpin klasemen Grup A. Laga terakhir fase grup melawan Thailand akan digelar Jumat mendatang.",
        ],
        "on_topic": [
            "Gol Jarak Jauh Fajar Maulana Bawa Timnas U-23 Kalahkan Vietnam",
            "Klasemen Grup A: Indonesia Puncaki Klasemen Usai Tekuk Vietnam",
            "Bambang Herlambang Bicara Peluang Timnas U-23 Jelang Lawan Thailand",
        ],
    },
    {
        "key": "beras",
        "lang": "id",
        "title": "Harga Beras Medium Tembus Rp 14.000, Pemerintah Guyur Pasar dengan Stok Bulog",
        "paragraphs": [
            "Harga beras medium di sejumlah pasar tradisional di Jawa Tengah menembus Rp 14.000 per kilogram, tertinggi dalam tiga tahun terakhir.",
            "Pedagang di Pasar Johar, Wahyuni, mengatakan kenaikan terjadi bertahap sejak awal bulan karena pasokan dari penggilingan berkurang setelah panen mundur akibat musim hujan.",
            "Untuk meredam harga, Perum Bulog menyalurkan 50.000 ton beras cadangan pemerintah melalui operasi pasar di lebih dari 300 titik.",
            "Direktur Utama Bulog, Hendra Saputra, memastikan stok beras di gudang Bulog cukup untuk kebutuhan enam bulan ke depan sehingga masyarakat tidak perlu panik membeli.",
            "Badan Pusat Statistik mencatat beras menjadi penyumbang terbesar inflasi bulanan, disusul cabai merah dan bawang putih.",
            "Ekonom dari sebuah lembaga kajian pangan menilai operasi pasar hanya meredam harga sementara. Menurut dia, pemerintah perlu memperbaiki data produksi dan rantai distribusi beras.",
            "Kementerian Perdagangan juga meminta pengecer menjual beras sesuai harga eceran tertinggi dan akan memberi sanksi kepada pedagang yang menimbun.",
        ],
        "on_topic": [
            "Bulog Salurkan 50.000 Ton Beras Cadangan ke 300 Titik Operasi Pasar",
            "Beras Jadi Penyumbang Terbesar Inflasi Bulan Ini Menurut BPS",
            "Pedagang Pasar Johar Keluhkan Pasokan Beras dari Penggilingan Berkurang",
        ],
    },
    {
        "key": "gempa",
        "lang": "id",
        "title": "Gempa Magnitudo 5,8 Guncang Kabupaten Lembah Hijau, Ratusan Rumah Rusak",
        "paragraphs": [
            "Gempa bumi bermagnitudo 5,8 mengguncang Kabupaten Lembah Hijau pada Rabu siang dan menyebabkan ratusan rumah rusak ringan hingga berat.",
            "Badan Meteorologi, Klimatologi, dan Geofisika menyebut pusat gempa berada di darat pada kedalaman sepuluh kilometer, sekitar dua belas kilometer barat daya ibu kota kabupaten.",
            "Bupati Lembah Hijau, Agus Salim Nugroho, mengatakan tiga warga mengalami luka akibat tertimpa reruntuhan dinding dan kini dirawat di puskesmas terdekat.",
            "Petugas mencatat 312 rumah rusak, empat sekolah retak dan satu jembatan desa amblas. Pendataan masih terus dilakukan di desa-desa yang sulit dijangkau.",
            "Warga Desa Cibening, Dadang, mengatakan guncangan terasa sangat kuat selama beberapa detik sehingga warga berhamburan keluar rumah.",
            "BMKG mencatat sedikitnya dua belas gempa susulan dengan magnitudo terbesar 4,1 dan meminta warga menjauhi bangunan yang retak.",
            "Pemerintah provinsi mengirim tenda, makanan siap saji dan tim relawan untuk membantu warga yang memilih tidur di luar rumah karena khawatir gempa susulan.",
        ],
        "on_topic": [
            "BMKG Catat 12 Gempa Susulan di Lembah Hijau, Warga Diminta Jauhi Bangunan Retak",
            "Data Sementara: 312 Rumah Rusak Akibat Gempa Lembah Hijau",
            "Warga Lembah Hijau Tidur di Tenda Usai Gempa Magnitudo 5,8",
        ],
    },
    {
        "key": "transit",
        "lang": "en",
        "title": "Riverton Council Approves $480 Million Light Rail Extension Despite Cost Concerns",
        "paragraphs": [
            "The Riverton city council voted 7-4 on Tuesday night to approve a $480 million extension of the light rail line to the fast-growing eastern suburbs.",
            "The nine-kilometre extension will add six stations between Harbor Street and Eastfield, and is expected to carry about 18,000 passengers a day when it opens in 2029.",
            "Mayor Linda Okafor said the project would cut commuting times in half for thousands of residents who now depend on congested highways.",
            "Opponents on the council argued that the budget relied too heavily on federal grants that have not yet been secured, leaving the city exposed if costs rise.",
            "\"We are being asked to sign a blank cheque,\" said councillor Mark Delaney, who voted against the plan after an eight-hour debate.",
            "Transit officials said construction would begin next spring and that some lanes on Eastfield Avenue would close for up to two years.",
            "Business owners along the route have asked the city for compensation during construction, citing the experience of shops that lost customers during the first phase of the line.",
        ],
        "on_topic": [
            "Eastfield Residents Split Over Light Rail Construction Plans",
            "Riverton Light Rail Budget Depends on Federal Grants Not Yet Secured",
            "Mayor Okafor Defends Light Rail Extension After Council Vote",
        ],
    },
    {
        "key": "wildfire",
        "lang": "en",
        "title": "Wildfire Forces Thousands to Evacuate in Pine Valley as Winds Strengthen",
        "paragraphs": [
            "More than 6,000 residents were ordered to leave their homes in Pine Valley on Sunday as a fast-moving wildfire pushed toward the edge of town.",
            "The fire, which started on Friday afternoon near a campground, has burned about 12,000 hectares of forest and grassland, according to the state fire service.",
            "Strong winds gusting up to 70 kilometres an hour carried embers across the river and sparked several spot fires, fire chief Sandra Mills told a press briefing.",
            "About 400 firefighters, supported by eight water-bombing aircraft, are working to protect homes on the northern outskirts of Pine Valley.",
            "Evacuation centres have opened at the high school and the county fairground, where volunteers are handing out food, blankets and water.",
            "Resident Tom Harris said he had only minutes to pack. \"We grabbed the dog and the photo albums and drove away through the smoke,\" he said.",
            "Forecasters expect the winds to ease on Tuesday, but warn that hot and dry conditions will keep the fire danger extreme for the rest of the week.",
        ],
        "on_topic": [
            "Pine Valley Evacuation Centres Fill as Wildfire Nears Town",
            "Firefighters Battle Spot Fires After Embers Cross River in Pine Valley",
            "What We Know About the Pine Valley Wildfire So Far",
        ],
    },
    {
        "key": "layoffs",
        "lang": "en",
        "title": "Software Maker Nexora to Cut 1,200 Jobs as Cloud Sales Slow",
        "paragraphs": [
            "Nexora, the enterprise software maker, said on Wednesday it would cut about 1,200 jobs, or 9 percent of its workforce, after growth in its cloud business slowed for a third straight quarter.",
            "Chief executive Priya Raman told employees in a memo that the company had hired too quickly during the boom years and now needed to focus on its most profitable products.",
            "The cuts will fall mostly on sales and marketing teams in North America and Europe, the company said, and will cost about $90 million in severance payments.",
            "Nexora's shares rose 4 percent in early trading as investors welcomed the plan to lift profit margins.",
            "Analysts said demand for cloud software had cooled as customers reviewed their spending, and that rivals were also trimming staff.",
            "The company lowered its revenue forecast for the full year and said it would close two offices in Dublin and Austin.",
            "Former employees said on social media that they learned about the cuts in short video calls, and some criticised the timing just weeks before the holidays.",
        ],
        "on_topic": [
            "Nexora Shares Rise After Company Announces 1,200 Job Cuts",
            "Nexora Cloud Growth Slows for Third Straight Quarter",
            "Nexora Chief Executive Priya Raman Says Company Hired Too Quickly",
        ],
    },
]

OFF_TOPIC = {
    "id": [
        "Polisi Tangkap Pelaku Pembunuhan Pengusaha Bengkel di Bekasi, Motif Utang Piutang",
        "Artis Senior Ini Ungkap Rahasia Awet Muda di Usia 60 Tahun",
        "Resep Rendang Padang Empuk dan Meresap, Cuma Butuh Tiga Jam",
        "Harga Emas Antam Hari Ini Turun Rp 5.000 per Gram",
        "Pasangan Selebriti Umumkan Perceraian Setelah Sepuluh Tahun Menikah",
        "Jadwal Sholat dan Imsakiyah untuk Wilayah Jakarta Hari Ini",
        "Ponsel Lipat Terbaru Resmi Meluncur, Ini Spesifikasi dan Harganya",
        "Viral Pria Ngamuk di Minimarket karena Ditegur Tidak Antre",
        "Sinopsis Sinetron Malam Ini: Rahasia Keluarga Mulai Terbongkar",
        "Kurir Narkoba Ditangkap di Bandara Bawa Sabu dalam Koper",
        "Lima Destinasi Wisata Pantai Tersembunyi di Lombok yang Wajib Dikunjungi",
        "Zodiak Minggu Ini: Keberuntungan Menghampiri Sagitarius",
        "Kecelakaan Bus Pariwisata di Tol Cipali, Dua Penumpang Tewas",
        "Tips Merawat Kucing Persia agar Bulunya Tidak Rontok",
        "Mobil Listrik Murah Meluncur Bulan Depan, Harga di Bawah Rp 200 Juta",
        "Bocah Lima Tahun Hilang di Pusat Perbelanjaan Ditemukan Selamat",
        "Penyanyi Dangdut Ini Pamer Rumah Mewah Bergaya Eropa",
        "Kejaksaan Tahan Mantan Kepala Desa Tersangka Korupsi Dana Desa",
    ],
    "en": [
        "Police Arrest Suspect in Downtown Jewellery Store Robbery",
        "Celebrity Chef Shares Her Secret Recipe for the Perfect Pancakes",
        "Ten Beaches You Need to Visit Before You Turn Forty",
        "Pop Star Announces Surprise Wedding on Social Media",
        "Scientists Discover New Species of Frog in Amazon Rainforest",
        "Champions League Final: Five Things We Learned",
        "This Simple Trick Will Help You Sleep Better Tonight",
        "Man Charged After Stolen Car Chase Ends in Crash",
        "Royal Family Releases New Portrait of Young Prince",
        "Gold Prices Hit Record High as Investors Seek Safety",
        "Actor Opens Up About His Battle With Anxiety",
        "Horoscope for the Week Ahead: Love Is in the Air for Leo",
    ],
}

# Paragraphs that start with a cue word as a normal sentence: must NOT be detected.
TRAPS = {
    "id": [
        "Baca juga buku panduan mitigasi bencana yang dibagikan pemerintah agar Anda paham langkah yang harus diambil ketika keadaan darurat terjadi di lingkungan sekitar.",
        "Lihat juga kondisi saluran air di sekitar rumah Anda, karena sampah yang menyumbat saluran sering menjadi penyebab genangan dan masalah lain di musim hujan.",
        "Simak juga penjelasan petugas melalui pengeras suara di balai desa, yang menurut warga sangat membantu mereka memahami apa yang harus dilakukan.",
    ],
    "en": [
        "Read more about the proposal in the report the council published on Monday, which runs to more than 300 pages and includes detailed cost estimates.",
        "See also how neighbouring towns dealt with similar situations in the past, officials said, because many of the lessons learned there still apply today.",
    ],
}
