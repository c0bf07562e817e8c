"""The portal's name and its fixed pages, in both languages: made by migration 0002 and by
`manage.py seed`. Contact details, the owning agency and the licence are left blank for the
publisher to fill in the admin: nothing is invented."""

PAGES = {
    "about": (
        ("Giới thiệu", "About the portal"),
        (
            "Cổng thông tin các Chương trình mục tiêu quốc gia công bố số liệu, văn bản, hội nghị, "
            "phong trào thi đua và tin tức về xây dựng nông thôn mới, giảm nghèo bền vững và phát "
            "triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi.\n\n"
            "Mỗi số liệu dẫn đến nguồn của nó: báo cáo, bài báo hoặc văn bản đặt ra mục tiêu. "
            "Số liệu của các tỉnh cũ trước ngày 1/7/2025 được giữ nguyên tên và hiển thị cùng "
            "tỉnh mới mà chúng hợp thành.",
            "The National Target Programs portal publishes figures, documents, conferences, "
            "emulation movements and news on new rural development, sustainable poverty "
            "reduction and the socio-economic development of ethnic minority and mountainous "
            "areas.\n\n"
            "Every figure links to its source: the report, the article or the document that set "
            "the target. Figures of the former provinces before 1 July 2025 keep their names and "
            "are shown with the province they merged into.",
        ),
    ),
    "contact": (
        ("Liên hệ", "Contact"),
        (
            "Góp ý về số liệu, báo lỗi hoặc đề nghị sửa đổi xin gửi về đơn vị quản lý cổng thông "
            "tin theo địa chỉ dưới đây. Khi báo lỗi một số liệu, xin ghi rõ địa chỉ trang và "
            "nguồn đúng nếu có.",
            "Please send comments on the figures, errors or corrections to the portal's "
            "publisher at the address below. When reporting a wrong figure, please give the "
            "page's address and, if you have it, the correct source.",
        ),
    ),
    "accessibility": (
        ("Tuyên bố về khả năng tiếp cận", "Accessibility statement"),
        (
            "Cổng thông tin hướng tới mức AA của Hướng dẫn về khả năng tiếp cận nội dung web "
            "(WCAG) 2.1. Các trang đọc được không cần JavaScript, dùng được bằng bàn phím và "
            "trên màn hình rộng 360 điểm ảnh; mỗi biểu đồ và bản đồ đi kèm một bảng số liệu và "
            "một tệp CSV. Các trang được kiểm tra tự động bằng axe-core ở hai cỡ màn hình.\n\n"
            "Nếu một trang khó đọc hoặc khó dùng với thiết bị hỗ trợ của bạn, xin báo cho chúng "
            "tôi qua trang Liên hệ.",
            "The portal aims at level AA of the Web Content Accessibility Guidelines (WCAG) "
            "2.1. Its pages work without JavaScript, with a keyboard and on a screen 360 pixels "
            "wide; every chart and map comes with a table of its figures and a CSV file. The "
            "pages are checked automatically with axe-core at two screen sizes.\n\n"
            "If a page is hard to read or use with your assistive technology, please tell us "
            "through the Contact page.",
        ),
    ),
    "privacy": (
        ("Quyền riêng tư", "Privacy"),
        (
            "Người đọc không cần đăng ký. Trang công khai không dùng cookie theo dõi hay công cụ "
            "phân tích của bên thứ ba; chỉ người biên tập đăng nhập mới nhận cookie phiên làm "
            "việc.\n\n"
            "Khi gửi bình luận, bạn cung cấp tên và, nếu muốn, địa chỉ thư điện tử; địa chỉ thư "
            "không bao giờ hiển thị. Để chống gửi tràn, máy chủ chỉ lưu một mã băm có khóa của "
            "địa chỉ mạng, không lưu chính địa chỉ đó.",
            "Readers need no account. The public pages use no tracking cookies or third-party "
            "analytics; only editors who sign in receive a session cookie.\n\n"
            "When you post a comment you give a name and, if you wish, an e-mail address, which "
            "is never shown. Against floods the server keeps only a keyed hash of your network "
            "address, never the address itself.",
        ),
    ),
    "data-licence": (
        ("Giấy phép dữ liệu", "Data licence"),
        (
            "Số liệu trên cổng thông tin được tổng hợp từ các nguồn ghi bên cạnh từng số liệu. "
            "Khi dùng lại, xin ghi rõ nguồn gốc và cổng thông tin này. Điều kiện sử dụng lại "
            "được ghi ở chân trang.\n\n"
            "Toàn bộ số liệu có thể tải về dưới dạng CSV từ mỗi biểu đồ, hoặc đọc qua API.",
            "The figures on the portal are compiled from the sources given next to each of "
            "them. When you reuse them, please credit the original source and this portal. The "
            "terms of reuse are stated in the footer.\n\n"
            "Every figure can be downloaded as CSV from each chart, or read through the API.",
        ),
    ),
}


def seed_portal(SiteSettings, Page):
    """Create what is missing; never overwrite what the admin edited. Takes the models, so that
    the migration can pass its historical ones."""
    SiteSettings.objects.get_or_create(
        pk=1,
        defaults={
            "site_name": "Cổng thông tin các Chương trình mục tiêu quốc gia",
            "site_name_vi": "Cổng thông tin các Chương trình mục tiêu quốc gia",
            "site_name_en": "National Target Programs portal",
        },
    )
    for slug, ((title_vi, title_en), (body_vi, body_en)) in PAGES.items():
        Page.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title_vi,
                "title_vi": title_vi,
                "title_en": title_en,
                "body": body_vi,
                "body_vi": body_vi,
                "body_en": body_en,
            },
        )
