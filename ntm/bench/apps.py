from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "ntm.bench"
    label = "bench"
    verbose_name = "Đo hiệu năng (dữ liệu tổng hợp)"
